// Smoke test of a running demo (npm run demo -- --check), the chain a newcomer would try: the
// planner distributes the demo quarter with the real worker, applies the result, reads the
// statements (integer cents, the demo's tariff), publishes, and the GPs' invitations and publication
// messages arrive in the mail catcher. Usage: node scripts/demo-check.mjs API_URL [MAILDEV_URL]. Exit 1 on any failure.
const [base, mailBase] = process.argv.slice(2);
const call = async (method, path, token, body) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const until = async (what, probe, seconds = 60) => {
  for (let i = 0; i < seconds * 2; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`demo check: ${what} binnen ${seconds} s niet gezien`);
};
const euro = (cents) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

const { accessToken } = await call('POST', '/auth/login', null, { email: 'planner@hds-waterland.demo', password: 'demo-wachtwoord' });
const me = await call('GET', '/auth/me', accessToken);
const hdsId = me.grants[0].hdsId;
const { items: periods } = await call('GET', `/hds/${hdsId}/periods?pageSize=1`, accessToken);
let [period] = periods;
const shifts = await call('GET', `/hds/${hdsId}/periods/${period.id}/shifts?pageSize=1`, accessToken);
console.log(`demo check: ${period.name} (${period.status}) has ${shifts.total} diensten`);

if (period.status === 'draft') {
  const run = await call('POST', `/hds/${hdsId}/periods/${period.id}/distribution-runs`, accessToken, { seconds: 5 });
  const done = await until('distribution', async () => {
    const state = await call('GET', `/hds/${hdsId}/distribution-runs/${run.id}`, accessToken);
    return ['completed', 'failed', 'cancelled'].includes(state.status) ? state : null;
  });
  if (done.status !== 'completed') throw new Error(`distribution ${done.status}: ${done.error}`);
  console.log(`demo check: distribution ${JSON.stringify(done.summary)}`);
  const applied = await call('POST', `/hds/${hdsId}/distribution-runs/${run.id}/apply`, accessToken);
  console.log(`demo check: applied ${applied.added} assignments (${applied.unfilled} open)`);
}

const statements = await call('GET', `/hds/${hdsId}/periods/${period.id}/statements?pageSize=1`, accessToken);
if (!(statements.total > 0 && statements.totalCents > 0)) throw new Error(`statements: ${JSON.stringify(statements)}`);
console.log(`demo check: statements of ${statements.total} GPs, ${euro(statements.totalCents)} in total`);

const publishing = period.status === 'draft';
if (publishing) period = await call('POST', `/hds/${hdsId}/periods/${period.id}/publish`, accessToken);
console.log(`demo check: ${period.name} is ${period.status}`);

const inbox = async () => {
  const res = await fetch(`${mailBase}/api/email`);
  return res.ok ? res.json() : [];
};
if (mailBase) {
  // The seed's planner invited every GP without a login: the invitations went outbox → worker → SMTP.
  const invitations = await until('an invitation e-mail in MailDev', async () => {
    const mails = (await inbox()).filter((m) => m.subject?.startsWith('Uitnodiging'));
    return mails.length > 0 ? mails : null;
  }, 90);
  const link = /\/invitations\/[A-Za-z0-9_-]+/.test(invitations[0].text ?? '') ? 'with its link' : 'WITHOUT a link';
  if (link !== 'with its link') throw new Error(`invitation mail without a link: ${invitations[0].text}`);
  console.log(`demo check: ${invitations.length} invitation e-mails in the mail catcher, e.g. to ${invitations[0].to[0].address}, ${link}`);
}
// A demo published by an earlier check sends nothing new: only this run's publication is awaited.
if (mailBase && publishing) {
  // The publication reaches every GP through outbox → worker → SMTP; MailDev's REST API (/api/email) lists them.
  const mails = await until('a publication e-mail in MailDev', async () => {
    const list = (await inbox()).filter((m) => /gepubliceerd/.test(m.subject ?? ''));
    return list.length > 0 ? list : null;
  }, 90);
  console.log(`demo check: ${mails.length} publication e-mails in the mail catcher, e.g. "${mails[0].subject}" to ${mails[0].to[0].address}`);
}
