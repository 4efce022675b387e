/**
 * `npm run compose`: composes every subgraph's schema.graphql into schema/supergraph.graphql (the
 * file the router serves), validates client-ops/*.graphql against the resulting API and generates
 * their typed documents and persisted-operation manifest (schema/client-ops.ts). `--check` writes
 * nothing and fails when any checked-in output differs from a fresh run (the test command runs it).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { generateClientOps } from './client-ops.ts';
import { generateResolverTypes, type ResolverTypesConfig } from './resolver-types.ts';

const SUBGRAPHS = ['users', 'catalog', 'inventory', 'booking', 'payment', 'notification', 'analytics'];
const root = new URL('../', import.meta.url);
const check = process.argv.includes('--check');

const present = new Set(readdirSync(new URL('subgraphs/', root)));
const services = SUBGRAPHS.filter((name) => present.has(name)).map((name) => ({
  name,
  // Default local URLs; the router overrides them per deployment (SUBGRAPH_URL_<NAME>).
  url: `http://127.0.0.1:${4001 + SUBGRAPHS.indexOf(name)}/graphql`,
  typeDefs: parse(readFileSync(new URL(`subgraphs/${name}/schema.graphql`, root), 'utf8')),
}));

const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(`composition error: ${error.message}`);
  process.exit(1);
}

const clientOps = await generateClientOps(result.schema.toAPISchema().toGraphQLJSSchema());
if (clientOps.errors.length > 0) {
  for (const error of clientOps.errors) console.error(`client-ops: ${error}`);
  process.exit(1);
}

// Subgraphs with a codegen.ts get their resolver types.
const resolverTypes: Record<string, string> = {};
for (const service of services) {
  const configFile = new URL(`subgraphs/${service.name}/codegen.ts`, root);
  if (!existsSync(configFile)) continue;
  const config = ((await import(configFile.href)) as { default: ResolverTypesConfig }).default;
  const sdl = readFileSync(new URL(`subgraphs/${service.name}/schema.graphql`, root), 'utf8');
  resolverTypes[`subgraphs/${service.name}/src/generated/resolvers.ts`] = await generateResolverTypes(sdl, config);
}

const outputs: Record<string, string> = {
  'schema/supergraph.graphql': `${result.supergraphSdl.trim()}\n`,
  ...resolverTypes,
  ...Object.fromEntries(Object.entries(clientOps.files).map(([path, content]) => [`client-ops/${path}`, content])),
};
const stale = Object.entries(outputs).filter(([path, content]) => {
  const file = new URL(path, root);
  return !existsSync(file) || readFileSync(file, 'utf8') !== content;
});

if (check) {
  if (stale.length > 0) {
    console.error(`${stale.map(([path]) => path).join(', ')} stale: run \`npm run compose\` and commit the result.`);
    process.exit(1);
  }
  console.log(`supergraph and client-ops are up to date (${services.map((service) => service.name).join(', ')})`);
} else {
  for (const [path, content] of stale) {
    const file = new URL(path, root);
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, content);
  }
  console.log(
    `composed ${services.map((service) => service.name).join(', ')}; wrote ${stale.map(([path]) => path).join(', ') || 'nothing (all up to date)'}`,
  );
}
for (const hint of result.hints ?? []) console.warn(`hint: ${hint.message}`);
