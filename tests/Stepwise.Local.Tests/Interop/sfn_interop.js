// Drives a Step Functions endpoint with the AWS SDK for JavaScript v3 (@aws-sdk/client-sfn) and prints what it saw
// as one JSON object. Usage: node sfn_interop.js ENDPOINT_URL RUN_ID (NODE_PATH must reach @aws-sdk/client-sfn).
const sfnSdk = require('@aws-sdk/client-sfn');
const { SFNClient, paginateGetExecutionHistory, paginateListExecutions } = sfnSdk;
const [endpoint, run] = process.argv.slice(2);
const client = new SFNClient({ endpoint, region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 1 });
const role = 'arn:aws:iam::123456789012:role/interop';
const call = (name, input) => client.send(new sfnSdk[`${name}Command`](input));

function passes(n) {
  const States = {};
  for (let i = 1; i < n; i++) States[`P${i}`] = { Type: 'Pass', Next: `P${i + 1}` };
  States[`P${n}`] = { Type: 'Pass', End: true };
  return JSON.stringify({ StartAt: 'P1', States });
}

async function errorCode(promise) {
  try { await promise; return null; } catch (e) { return { code: e.name, status: e.$metadata?.httpStatusCode, message: e.message }; }
}

async function wait(executionArn) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const d = await call('DescribeExecution', { executionArn });
    if (d.status !== 'RUNNING' || Date.now() > deadline) return d;
    await new Promise(r => setTimeout(r, 50));
  }
}

(async () => {
  const result = { client: '@aws-sdk/client-sfn ' + require('@aws-sdk/client-sfn/package.json').version };
  const machine = await call('CreateStateMachine', { name: `interop-ok-${run}`, definition: passes(4), roleArn: role });
  const failing = await call('CreateStateMachine', {
    name: `interop-fail-${run}`, roleArn: role,
    definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Next: 'F' }, F: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' } } }),
  });
  result.machineArn = machine.stateMachineArn;
  result.creationDateIsDatetime = machine.creationDate instanceof Date;

  const started = await call('StartExecution', { stateMachineArn: machine.stateMachineArn, name: 'first', input: JSON.stringify({ n: 1 }) });
  result.executionArn = started.executionArn;
  const described = await wait(started.executionArn);
  result.status = described.status;
  result.output = JSON.parse(described.output ?? 'null');
  result.stopAfterStart = described.stopDate >= described.startDate;
  result.describedMachine = (await call('DescribeStateMachine', { stateMachineArn: machine.stateMachineArn })).name;
  result.machineForExecution = (await call('DescribeStateMachineForExecution', { executionArn: started.executionArn })).name;

  const pages = [];
  let nextToken;
  do {
    const page = await call('GetExecutionHistory', { executionArn: started.executionArn, maxResults: 3, nextToken });
    pages.push(page.events.map(e => e.id));
    nextToken = page.nextToken;
  } while (nextToken);
  result.historyPages = pages;
  const events = [];
  for await (const page of paginateGetExecutionHistory({ client, pageSize: 2 }, { executionArn: started.executionArn })) events.push(...page.events);
  result.historyTypes = events.map(e => e.type);
  result.historyPrevious = events.map(e => e.previousEventId ?? null);
  result.startedInput = JSON.parse(events[0].executionStartedEventDetails.input);
  result.reverseFirstPage = (await call('GetExecutionHistory', { executionArn: started.executionArn, maxResults: 3, reverseOrder: true })).events.map(e => e.id);

  const failed = await call('StartExecution', { stateMachineArn: failing.stateMachineArn, name: 'doomed' });
  const failedDescription = await wait(failed.executionArn);
  result.failedStatus = failedDescription.status;
  result.failedError = failedDescription.error ?? null;
  const second = await call('StartExecution', { stateMachineArn: machine.stateMachineArn, name: 'second', input: '{}' });
  await wait(second.executionArn);
  const listed = async (stateMachineArn, statusFilter) => {
    const names = [];
    for await (const page of paginateListExecutions({ client, pageSize: 1 }, { stateMachineArn, statusFilter })) names.push(...page.executions.map(e => e.name));
    return names.sort();
  };
  result.succeededNames = await listed(machine.stateMachineArn, 'SUCCEEDED');
  result.failedNames = await listed(failing.stateMachineArn, 'FAILED');
  result.failedOnOkMachine = await listed(machine.stateMachineArn, 'FAILED');
  const validation = await call('ValidateStateMachineDefinition', { definition: '{"States":{}}' });
  result.validateResult = validation.result;
  result.validateDiagnostics = (validation.diagnostics ?? []).length;

  const missing = machine.stateMachineArn.replace(':stateMachine:', ':execution:') + ':no-such-execution';
  result.errors = {
    ExecutionDoesNotExist: await errorCode(call('DescribeExecution', { executionArn: missing })),
    InvalidDefinition: await errorCode(call('CreateStateMachine', { name: `interop-bad-${run}`, definition: '{"States":{}}', roleArn: role })),
    ExecutionAlreadyExists: await errorCode(call('StartExecution', { stateMachineArn: machine.stateMachineArn, name: 'first', input: '{"n":2}' })),
    StateMachineDoesNotExist: await errorCode(call('DescribeStateMachine', { stateMachineArn: machine.stateMachineArn + '-nope' })),
    ValidationException: await errorCode(call('StartExecution', {})),
  };
  process.stdout.write(JSON.stringify(result));
})().catch(e => { console.error(e); process.exit(1); });
