// Smoke test of a running demo (npm run demo -- --check): logs in as the planner, distributes
// the demo quarter with the real worker and prints what came out. Exit 1 on any failure.
const base = process.argv[2];
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
const { accessToken } = await call('POST', '/auth/login', null, { email: 'planner@hds-waterland.demo', password: 'demo-wachtwoord' });
const me = await call('GET', '/auth/me', accessToken);
const hdsId = me.grants[0].hdsId;
const [period] = await call('GET', `/hds/${hdsId}/periods`, accessToken);
const shifts = await call('GET', `/hds/${hdsId}/periods/${period.id}/shifts?pageSize=1`, accessToken);
console.log(`demo check: ${period.name} (${period.status}) has ${shifts.total} diensten`);
if (period.status === 'draft') {
  const run = await call('POST', `/hds/${hdsId}/periods/${period.id}/distribution-runs`, accessToken, { seconds: 5 });
  let state = run;
  for (let i = 0; i < 120 && !['completed', 'failed', 'cancelled'].includes(state.status); i++) {
    await new Promise((r) => setTimeout(r, 500));
    state = await call('GET', `/hds/${hdsId}/distribution-runs/${run.id}`, accessToken);
  }
  if (state.status !== 'completed') throw new Error(`distribution ${state.status}: ${state.error}`);
  console.log(`demo check: distribution ${JSON.stringify(state.summary)}`);
}
