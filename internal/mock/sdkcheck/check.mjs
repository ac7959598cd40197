// Drives the mock API with Sendblue's official Node SDK (npm `sendblue`, pinned in
// package.json), a client this project did not write. Whatever the SDK sends, the mock must
// take as the real API does, and whatever the mock answers, the SDK must read. Run by
// TestOfficialSDK (internal/mock/cmd/sendblue-mock) against the `make mock` binary.
//
// The lines (client.lines) are seeded first through the mock's admin API on the same port
// (PUT /_mock/lines), as any client can seed them.
//
// Environment: SENDBLUE_API_BASE_URL, SENDBLUE_API_API_KEY, SENDBLUE_API_API_SECRET (read by
// the SDK itself) and SDKCHECK_ACCESS_TOKEN (a bearer token the mock accepts).
// Exits non-zero, naming the step, at the first difference.
import assert from 'node:assert/strict';
import SendblueAPI, { AuthenticationError, BadRequestError, NotFoundError } from 'sendblue';

// The nine types of the current API, as the SDK's WebhookCreateParams lists them.
const TYPES = [
  'receive',
  'call_log',
  'line_blocked',
  'line_assigned',
  'outbound',
  'contact_created',
  'typing_indicator',
  'inbound_call',
  'contact_profile',
];
const NUMBER = '+14155550100';
const LINE = '+12125550101';
const hook = (type, suffix = '') => `https://sdk-check.example.com/${type}${suffix}`;

// No retries: every answer the mock gives must be the one the SDK acts on.
const client = new SendblueAPI({ maxRetries: 0, timeout: 10_000 });

let step = '';
async function check(name, fn) {
  step = name;
  await fn();
  console.log(`ok   ${name}`);
}

// urlsOf returns the URLs of one type's entries, whatever their shape.
const urlsOf = (entries) => (entries ?? []).map((e) => (typeof e === 'string' ? e : e.url));
const entryOf = (entries, url) =>
  (entries ?? []).find((e) => (typeof e === 'string' ? e : e.url) === url);

try {
  await check('list an empty account', async () => {
    const res = await client.webhooks.list();
    assert.equal(typeof res, 'object');
    const hooks = res.webhooks ?? {};
    for (const t of TYPES) assert.deepEqual(urlsOf(hooks[t]), [], `${t} should be empty`);
  });

  await check('create a URL string and an object with a secret for each of the nine types', async () => {
    for (const type of TYPES) {
      const res = await client.webhooks.create({
        type,
        webhooks: [hook(type), { url: hook(type, '/signed'), secret: `secret-${type}` }],
      });
      assert.deepEqual(urlsOf(res.webhooks?.[type]), [hook(type), hook(type, '/signed')], type);
    }
  });

  await check('create a receive webhook limited to one Sendblue line (sendblue_numbers)', async () => {
    await client.webhooks.create({
      type: 'receive',
      webhooks: [{ url: hook('receive', '/line'), secret: 'line-secret', sendblue_numbers: [NUMBER] }],
    });
  });

  await check('create with a global secret', async () => {
    await client.webhooks.create({ type: 'outbound', webhooks: [hook('outbound', '/g')], globalSecret: 'global-1' });
  });

  await check('list returns every entry as created, secrets and numbers included', async () => {
    const { webhooks: hooks } = await client.webhooks.list();
    for (const type of TYPES) {
      const want = [hook(type), hook(type, '/signed')];
      if (type === 'receive') want.push(hook(type, '/line'));
      if (type === 'outbound') want.push(hook(type, '/g'));
      assert.deepEqual(urlsOf(hooks[type]), want, type);
      const signed = entryOf(hooks[type], hook(type, '/signed'));
      assert.equal(typeof signed, 'object', `${type}: an entry with a secret is an object`);
      assert.equal(signed.secret, `secret-${type}`, `${type}: secret`);
    }
    const line = entryOf(hooks.receive, hook('receive', '/line'));
    assert.deepEqual(line.sendblue_numbers, [NUMBER]);
    assert.equal(line.secret, 'line-secret');
    assert.equal(hooks.globalSecret, 'global-1');
  });

  await check('delete one URL of one type (DELETE with a JSON body)', async () => {
    await client.webhooks.delete({ type: 'typing_indicator', webhooks: [hook('typing_indicator')] });
    const { webhooks: hooks } = await client.webhooks.list();
    assert.deepEqual(urlsOf(hooks.typing_indicator), [hook('typing_indicator', '/signed')]);
    assert.deepEqual(urlsOf(hooks.inbound_call), [hook('inbound_call'), hook('inbound_call', '/signed')],
      'other types are untouched');
  });

  await check('replace the whole configuration (PUT)', async () => {
    const whole = {
      receive: [hook('receive'), { url: hook('receive', '/line'), sendblue_numbers: [NUMBER] }],
      contact_profile: [{ url: hook('contact_profile'), secret: 'profile-secret' }],
      contact_created: [{ url: hook('contact_created'), secret: 'created-secret' }],
      globalSecret: 'global-2',
    };
    await client.webhooks.update({ webhooks: whole });
    const { webhooks: hooks } = await client.webhooks.list();
    for (const type of TYPES) {
      assert.deepEqual(urlsOf(hooks[type]), urlsOf(whole[type]), `${type} after replace`);
    }
    assert.deepEqual(entryOf(hooks.receive, hook('receive', '/line')).sendblue_numbers, [NUMBER]);
    assert.equal(entryOf(hooks.contact_profile, hook('contact_profile')).secret, 'profile-secret');
    assert.equal(entryOf(hooks.contact_created, hook('contact_created')).secret, 'created-secret');
    assert.equal(hooks.globalSecret, 'global-2');
  });

  await check('an http:// URL is refused with 400 (BadRequestError)', async () => {
    await assert.rejects(
      client.webhooks.create({ type: 'receive', webhooks: ['http://sdk-check.example.com/plain'] }),
      BadRequestError,
    );
  });

  await check('sendblue_numbers on a non-receive type is refused with 400', async () => {
    await assert.rejects(
      client.webhooks.create({
        type: 'outbound',
        webhooks: [{ url: hook('outbound', '/numbers'), sendblue_numbers: [NUMBER] }],
      }),
      BadRequestError,
    );
  });

  await check('wrong credentials are refused with 401 (AuthenticationError)', async () => {
    const wrong = new SendblueAPI({ apiKey: 'wrong-key', apiSecret: 'wrong-secret', maxRetries: 0 });
    await assert.rejects(wrong.webhooks.list(), AuthenticationError);
  });

  await check('a bearer token (accessToken) authenticates', async () => {
    const token = process.env.SDKCHECK_ACCESS_TOKEN;
    assert.ok(token, 'SDKCHECK_ACCESS_TOKEN is not set');
    const bearer = new SendblueAPI({ accessToken: token, apiKey: undefined, apiSecret: undefined, maxRetries: 0 });
    const { webhooks: hooks } = await bearer.webhooks.list();
    assert.deepEqual(urlsOf(hooks.contact_profile), [hook('contact_profile')]);
    const bad = new SendblueAPI({ accessToken: 'not-the-token', apiKey: undefined, apiSecret: undefined, maxRetries: 0 });
    await assert.rejects(bad.webhooks.list(), AuthenticationError);
  });

  await check('every list is still readable after the failed calls', async () => {
    const { webhooks: hooks } = await client.webhooks.list();
    assert.deepEqual(urlsOf(hooks.outbound), [], 'refused creates added nothing');
  });
  await check('seed two lines through the admin API (PUT /_mock/lines)', async () => {
    const res = await fetch(`${process.env.SENDBLUE_API_BASE_URL}/_mock/lines`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        'sb-api-key-id': process.env.SENDBLUE_API_API_KEY,
        'sb-api-secret-key': process.env.SENDBLUE_API_API_SECRET,
      },
      body: JSON.stringify([
        { sendblue_number: LINE, assignment: 'assigned', status: 'ONLINE' },
        { assignment: 'grace_period', status: 'OFFLINE', effective_until: '2026-02-01T00:00:00Z' },
      ]),
    });
    assert.equal(res.status, 200, await res.text());
  });

  await check('lines.getState lists the lines, one without a number as null', async () => {
    const state = await client.lines.getState();
    assert.equal(typeof state.snapshot_at, 'string');
    assert.equal(state.data.length, 2);
    assert.equal(state.data[0].sendblue_number, LINE);
    assert.equal(state.data[0].assignment, 'assigned');
    assert.equal(state.data[0].status, 'ONLINE');
    assert.equal(state.data[1].sendblue_number, null);
    assert.equal(state.data[1].effective_until, '2026-02-01T00:00:00Z');
  });

  await check('lines.callForwarding.retrieve of a line without forwarding is null', async () => {
    const cf = await client.lines.callForwarding.retrieve(LINE);
    assert.deepEqual(cf, { forwarding_number: null, sendblue_number: LINE });
  });

  await check('lines.callForwarding.update takes a US local number and stores it in E.164', async () => {
    const cf = await client.lines.callForwarding.update(LINE, { forwarding_number: '2125550199' });
    assert.equal(cf.forwarding_number, '+12125550199');
    assert.equal((await client.lines.callForwarding.retrieve(LINE)).forwarding_number, '+12125550199');
    const e164 = await client.lines.callForwarding.update(LINE, { forwarding_number: '+16692138010' });
    assert.equal(e164.forwarding_number, '+16692138010');
  });

  await check('lines.callForwarding.update refuses a malformed number with 400', async () => {
    await assert.rejects(client.lines.callForwarding.update(LINE, { forwarding_number: '555-01' }), BadRequestError);
  });

  await check('lines.callForwarding.delete clears the forwarding, and again (idempotent)', async () => {
    for (let i = 0; i < 2; i++) {
      const cf = await client.lines.callForwarding.delete(LINE);
      assert.deepEqual(cf, { forwarding_number: null, sendblue_number: LINE });
    }
  });

  await check('a line the account does not have is a 404 (NotFoundError)', async () => {
    await assert.rejects(client.lines.callForwarding.retrieve('+14155550199'), NotFoundError);
  });

  console.log('sdkcheck: all steps passed');
} catch (err) {
  // err.message of an SDK APIError holds the status and the mock's message, never the
  // credentials (the SDK keeps them in headers, which are not printed).
  console.error(`FAIL ${step}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
