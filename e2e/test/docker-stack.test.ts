/**
 * The Docker stack, checked by reading it (no Docker engine runs here or in CI): docker-compose.yml
 * runs every service the launcher runs, each with a readiness health check on its own port and
 * started after what it depends on; the Dockerfile installs from every workspace's manifest, with
 * the lockfile the way CI does, and runs the services as a non-root user.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { SERVICE_PORT_OFFSETS, WEB_PORT_OFFSET, type ServiceName, type SubgraphName } from '@showstream/platform';
import { repositoryRoot } from '@showstream/testkit';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const read = (file: string) => readFileSync(`${repositoryRoot}${file}`, 'utf8');
const { services } = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const PORT_BASE = 4000;
const subgraphs = (Object.keys(SERVICE_PORT_OFFSETS) as ServiceName[]).filter(
  (name): name is SubgraphName => name !== 'router',
);
const offsets: Record<ServiceName | 'web', number> = { ...SERVICE_PORT_OFFSETS, web: WEB_PORT_OFFSET };
const entry = (name: ServiceName | 'web') =>
  name === 'router' ? 'router/src/main.ts' : name === 'web' ? 'web/server/main.ts' : `subgraphs/${name}/src/main.ts`;
const DATA_STORES = ['postgres', 'redis', 'kafka'];

describe('docker-compose.yml', () => {
  it('runs every service of the launcher from the image, with a readiness check on its own port', () => {
    for (const name of Object.keys(offsets) as (ServiceName | 'web')[]) {
      const service = services[name];
      expect(service).toBeDefined();
      expect(service!.build).toBe('.');
      expect(service!.command).toEqual(['node', entry(name)]);
      expect(existsSync(`${repositoryRoot}${entry(name)}`)).toBe(true);
      expect(Number(service!.environment?.PORT_BASE)).toBe(PORT_BASE);
      expect(service!.healthcheck?.test.join(' ')).toContain(
        `http://127.0.0.1:${PORT_BASE + offsets[name]}/health/ready`,
      );
    }
    // Loopback only: whoever reaches the router directly could write the X-Forwarded-For it trusts (below).
    expect(services.router!.ports).toEqual([`127.0.0.1:${PORT_BASE}:${PORT_BASE}`]);
    expect(services.web!.ports).toEqual([`${PORT_BASE + WEB_PORT_OFFSET}:${PORT_BASE + WEB_PORT_OFFSET}`]);
  });

  it('starts each service once what it depends on is healthy, in an order that exists', () => {
    const healthyDependencies = (name: string) =>
      Object.entries(services[name]!.depends_on ?? {}).flatMap(([dependency, { condition }]) =>
        condition === 'service_healthy' ? [dependency] : [],
      );
    for (const name of [...subgraphs, 'router'])
      expect(healthyDependencies(name)).toEqual(expect.arrayContaining(DATA_STORES));
    // Everyone verifies tokens against the users subgraph's keys; the router needs every subgraph; the web app, the router.
    for (const name of subgraphs.filter((subgraph) => subgraph !== 'users'))
      expect(healthyDependencies(name)).toContain('users');
    expect(healthyDependencies('router')).toEqual(expect.arrayContaining(subgraphs));
    expect(healthyDependencies('web')).toEqual(['router']);
    // Waiting for a service to be healthy needs a health check on it, and the waits must not go round in circles.
    for (const name of Object.keys(services))
      for (const dependency of healthyDependencies(name)) expect(services[dependency]?.healthcheck).toBeDefined();
    const started = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      expect(path).not.toContain(name);
      for (const dependency of Object.keys(services[name]!.depends_on ?? {})) visit(dependency, [...path, name]);
      started.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
    expect(started.size).toBe(Object.keys(services).length);
  });

  it('points the router at every subgraph by its service name, and runs Kafka in KRaft mode', () => {
    for (const name of subgraphs) {
      expect(services.router!.environment?.[`SUBGRAPH_URL_${name.toUpperCase()}`]).toBe(
        `http://${name}:${PORT_BASE + SERVICE_PORT_OFFSETS[name]}/graphql`,
      );
    }
    expect(String(services.kafka!.environment?.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual([
      'broker',
      'controller',
    ]);
    expect(Object.keys(services).some((name) => /zookeeper/i.test(name))).toBe(false);
  });

  it('has no default secrets: each one must be set (${VAR:?message}), and none is written out', () => {
    const compose = read('docker-compose.yml');
    const secret = /SECRET|PASSWORD|TOKEN|_KEY$|^SUPERADMIN_/;
    // Every interpolation of a secret stops `docker compose up` with a message when it is unset.
    const interpolations = [...compose.matchAll(/\$\{([A-Z0-9_]+)(:?[-?+]?)([^}]*)\}/g)].map(
      ([, name, operator, message]) => ({ name: name!, operator, message }),
    );
    for (const { name, operator, message } of interpolations.filter(({ name }) => secret.test(name))) {
      expect({ name, operator, hasMessage: message!.trim().length > 0 }).toEqual({
        name,
        operator: ':?',
        hasMessage: true,
      });
    }
    expect(interpolations.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'ROUTER_SECRET',
        'PAYMENT_SANDBOX_WEBHOOK_SECRET',
        'POSTGRES_PASSWORD',
        'SUPERADMIN_EMAIL',
        'SUPERADMIN_PASSWORD',
      ]),
    );
    // No service is handed a secret literally, and the placeholders it once had are gone.
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secret.test(key))
          expect({ name, key, interpolated: String(value).includes('${') }).toEqual({ name, key, interpolated: true });
      }
    }
    expect(compose).not.toMatch(/change-me/);
  });

  it('runs the payment sandbox explicitly in test mode, as the demo it is', () => {
    for (const name of ['payment', 'payment-sandbox'])
      expect(services[name]!.environment?.PAYMENT_SANDBOX).toBe('test-mode');
    expect(read('docker-compose.yml')).toMatch(/^# This is a demo stack: it runs the payment sandbox in test mode/m);
  });

  it("lets the router trust the web server in front of it, which forwards the browser's address", () => {
    expect(String(services.router!.environment?.TRUST_PROXY)).toBe('1');
    expect(services.web!.environment?.ROUTER_URL).toBe(`http://router:${PORT_BASE}`);
    expect(read('web/server/web-server.ts')).toMatch(
      /headers\['x-forwarded-for'\] = \[previous, req\.socket\.remoteAddress\]/,
    );
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile.split('\n').map((line) => line.trim());
  const stages = lines.flatMap((line, index) => (line.startsWith('FROM ') ? [index] : []));
  const runtime = lines.slice(stages.at(-1));

  it('installs from every workspace manifest, the way CI does (npm install, not npm ci)', () => {
    const install = lines.findIndex((line) => line.startsWith('RUN npm install'));
    expect(install).toBeGreaterThan(0);
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(`${repositoryRoot}${pattern.slice(0, -2)}`).map((name) => `${pattern.slice(0, -2)}/${name}`)
        : [pattern],
    );
    for (const workspace of workspaces) {
      const copied = lines.findIndex((line) => line === `COPY ${workspace}/package.json ${workspace}/`);
      expect({ workspace, copiedBeforeInstall: copied >= 0 && copied < install }).toEqual({
        workspace,
        copiedBeforeInstall: true,
      });
    }
    expect(lines.filter((line) => line.startsWith('RUN') && /npm ci\b/.test(line))).toEqual([]);
  });

  it('builds in stages and runs a slim image as the unprivileged node user, with every service entry point', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-[a-z]+-slim$/m);
    expect(runtime[0]).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/);
    expect(runtime).toContain('USER node');
    expect(runtime.some((line) => /npm (install|ci)/.test(line))).toBe(false);
    const copied = runtime.flatMap((line) =>
      line.startsWith('COPY ') ? [line.split(/\s+/).at(-1)!.replace(/^\.\//, '')] : [],
    );
    for (const name of Object.keys(offsets) as (ServiceName | 'web')[]) {
      expect(copied.some((target) => entry(name).startsWith(`${target}/`))).toBe(true);
    }
  });

  it('leaves local state and installed packages out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/node_modules', '.data', '.git']));
  });
});
