// The peer side of the Step Functions benchmark: the npm package aws-local-stepfunctions (a pure-JS ASL
// interpreter) running the definitions the .NET side hands it. Run by Program.cs as a child process.
//
//   node bench.mjs run <spec.json>   runs spec.definition on spec.input spec.repeats times (after spec.warmupMs of warm-up),
//                                    prints {"runsMs": [...], "summary": ...} on stdout
//   node bench.mjs serve             serves a minimal awsJson 1.0 subset (CreateStateMachine, StartExecution,
//                                    DescribeExecution) on 127.0.0.1, prints {"port": N} once listening
//
// The package is resolved from $BENCH_MODULES (the npm cache folder the .NET side installed it into).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const require = createRequire(process.env.BENCH_MODULES.replace(/\/?$/, '/'));
const { StateMachine } = require('aws-local-stepfunctions');

// What a result looks like without printing 10,000 items: the array's length and a count per distinct value.
function summarize(output) {
  if (!Array.isArray(output)) return output;
  const counts = {};
  for (const item of output) { const key = JSON.stringify(item); counts[key] = (counts[key] ?? 0) + 1; }
  return { length: output.length, counts };
}

async function run(specFile) {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const machine = new StateMachine(spec.definition);
  // Warm-up, as on the .NET side: at least two runs and spec.warmupMs of them, so both JITs reach steady state.
  let output;
  const warmupStarted = performance.now();
  for (let i = 0; i < 2 || performance.now() - warmupStarted < spec.warmupMs; i++) output = await machine.run(structuredClone(spec.input)).result;
  const runsMs = [];
  for (let i = 0; i < spec.repeats; i++) {
    const input = structuredClone(spec.input);
    const started = performance.now();
    output = await machine.run(input).result;
    runsMs.push(performance.now() - started);
  }
  process.stdout.write(JSON.stringify({ runsMs, summary: summarize(output), node: process.version }));
}

function serve() {
  const machines = new Map();   // arn -> StateMachine
  const executions = new Map(); // arn -> { status, output, error }
  const reply = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const operations = {
    CreateStateMachine(input) {
      const arn = `arn:aws:states:us-east-1:123456789012:stateMachine:${input.name}`;
      machines.set(arn, new StateMachine(JSON.parse(input.definition)));
      return { stateMachineArn: arn, creationDate: Date.now() / 1000 };
    },
    StartExecution(input) {
      const machine = machines.get(input.stateMachineArn);
      if (!machine) throw { type: 'StateMachineDoesNotExist', message: input.stateMachineArn };
      const name = input.name ?? randomUUID();
      const arn = `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      const execution = { status: 'RUNNING' };
      executions.set(arn, execution);
      machine.run(JSON.parse(input.input ?? '{}')).result.then(
        output => { execution.status = 'SUCCEEDED'; execution.output = JSON.stringify(output); },
        error => { execution.status = 'FAILED'; execution.error = String(error?.message ?? error); });
      return { executionArn: arn, startDate: Date.now() / 1000 };
    },
    DescribeExecution(input) {
      const execution = executions.get(input.executionArn);
      if (!execution) throw { type: 'ExecutionDoesNotExist', message: input.executionArn };
      return { executionArn: input.executionArn, status: execution.status, output: execution.output, error: execution.error };
    },
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const operation = operations[String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '')];
      if (!operation) return reply(res, 400, { __type: 'UnknownOperationException', message: 'unknown operation' });
      try {
        reply(res, 200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (error) {
        reply(res, 400, { __type: error.type ?? 'ValidationException', message: error.message ?? String(error) });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
  process.stdin.on('end', () => process.exit(0)); // the parent closes stdin to stop the server
  process.stdin.resume();
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'run') await run(arg);
else if (mode === 'serve') serve();
else { process.stderr.write('usage: node bench.mjs run <spec.json> | serve\n'); process.exit(2); }
