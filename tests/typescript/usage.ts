// What a TypeScript user writes against the client @hey-api/openapi-ts generates from
// openapi.json (tests/test_typescript_client.py copies it beside the generated client
// and runs `tsc --strict`). Each `@ts-expect-error` line must be a type error: the
// schema says null is refused there, so the generated types must not take it.
import { createClient } from './client/client';
import {
  createItem,
  getCurrentUser,
  getItem,
  listItems,
  login,
  updateCurrentUser,
  updateItem,
} from './client';
import type { Item, ItemPage, Problem, Token, User, UserUpdate } from './client';

export async function restock(baseUrl: string, email: string, password: string): Promise<Item> {
  const client = createClient({ baseUrl });
  const token = await login({ client, body: { username: email, password } });
  const bearer: Token | undefined = token.data;
  const auth = { client, auth: bearer?.access_token ?? '' };

  const me = await getCurrentUser(auth);
  const user: User | undefined = me.data;
  console.log(user?.email);

  const created = await createItem({
    ...auth,
    body: { sku: 'MUG-1', name: 'Mug', price_cents: 1200, tags: ['kitchen'] },
    headers: { 'Idempotency-Key': 'restock-mug-1' },
  });
  if (created.error) {
    const problem: Problem = created.error;
    throw new Error(`${problem.status} ${problem.detail}`);
  }

  const page = await listItems({ client, query: { limit: 10, tag: 'kitchen', sort: '-price_cents' } });
  const items: ItemPage['items'] = page.data?.items ?? [];
  const first = items[0];
  if (first === undefined) throw new Error('empty page');

  const read = await getItem({ client, path: { item_id: first.id } });
  const etag = read.response?.headers.get('ETag') ?? '*';
  const updated = await updateItem({
    ...auth,
    path: { item_id: first.id },
    body: { stock: first.stock + 5 },
    headers: { 'If-Match': etag },
  });
  if (updated.data === undefined) throw new Error('not updated');
  return updated.data;
}

export function refused(): void {
  // @ts-expect-error UserUpdate.password takes no null: leave it out to keep the password.
  const clearPassword: UserUpdate = { password: null };
  const clearName: UserUpdate = { full_name: null };
  void updateCurrentUser({ body: clearName });
  void clearPassword;
  // @ts-expect-error an optional query parameter is left out, never null.
  void listItems({ query: { cursor: null } });
  // @ts-expect-error an optional header is left out, never null.
  void getItem({ path: { item_id: 1 }, headers: { 'If-None-Match': null } });
}
