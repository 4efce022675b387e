/**
 * Composes every subgraph's schema.graphql into schema/supergraph.graphql, the file the router
 * serves, and validates client-ops/*.graphql against the resulting API. `--check` also fails
 * when the checked-in file differs from a fresh composition (the test command runs it).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, validate } from 'graphql';

const SUBGRAPHS = ['users', 'catalog', 'inventory', 'booking', 'payment', 'notification', 'analytics'];
const root = new URL('../', import.meta.url);
const output = new URL('supergraph.graphql', import.meta.url);

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
const supergraph = `${result.supergraphSdl.trim()}\n`;

const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
const operationsDir = new URL('client-ops/', root);
const operationFiles = readdirSync(operationsDir).filter((file) => file.endsWith('.graphql'));
let invalidOperations = 0;
for (const file of operationFiles) {
  for (const error of validate(apiSchema, parse(readFileSync(new URL(file, operationsDir), 'utf8')))) {
    console.error(`client-ops/${file}: ${error.message}`);
    invalidOperations++;
  }
}
if (invalidOperations > 0) process.exit(1);

if (process.argv.includes('--check')) {
  const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
  if (current !== supergraph) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit the result.');
    process.exit(1);
  }
  console.log(`supergraph is up to date (${services.map((service) => service.name).join(', ')})`);
} else {
  writeFileSync(output, supergraph);
  console.log(`wrote schema/supergraph.graphql from ${services.map((service) => service.name).join(', ')}`);
}
for (const hint of result.hints ?? []) console.warn(`hint: ${hint.message}`);
