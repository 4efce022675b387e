import { randomUUID } from 'node:crypto';
import type { graphqlClient } from './graphql-client.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

type Client = ReturnType<typeof graphqlClient>;

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.test`;

const AUTH_FIELDS = 'accessToken refreshToken user { id email role }';

/** Registers a fresh user through the router (a `createOwner()`-style seed). */
export async function registerUser(request: Client, label = 'user'): Promise<TestUser> {
  const email = uniqueEmail(label);
  const password = 'Passw0rd-test';
  const response = await request(
    `mutation Register($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    {
      input: { email, password, firstName: 'Test', lastName: label },
    },
  );
  if (!response.data?.register) throw new Error(`register failed: ${JSON.stringify(response.errors)}`);
  const { accessToken, refreshToken, user } = response.data.register;
  return { id: user.id, email, password, accessToken, refreshToken };
}

export async function loginAs(request: Client, email: string, password: string): Promise<TestUser> {
  const response = await request(
    `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`,
    {
      email,
      password,
    },
  );
  if (!response.data?.login) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
  const { accessToken, refreshToken, user } = response.data.login;
  return { id: user.id, email, password, accessToken, refreshToken };
}
