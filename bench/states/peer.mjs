// The differential peer: npm aws-local-stepfunctions running the same definitions as Sluice.
//
//   node bench/states/peer.mjs cases < cases.json   runs [{id, definition, input}] with waits and
//                                                  retry intervals set to zero; prints one JSON
//                                                  line per case: {id, status, output|error,cause}
//   node bench/states/peer.mjs bench [iterations]    the Pass/Choice loop of states_bench memory,
//                                                  prints {"engine":"aws-local-stepfunctions",...}
//   node bench/states/peer.mjs starts [executions]   executions of a one-Pass machine started
//                                                  back to back (all awaited), per second
import { StateMachine } from 'aws-local-stepfunctions';

const options = { validationOptions: { checkArn: false, checkPaths: false } };

function zeroWaits(definition, waits = {}, retries = {}) {
  // Every Wait and every retrier, at any depth, takes no time.
  for (const [name, state] of Object.entries(definition.States || {})) {
    if (state.Type === 'Wait') waits[name] = 0;
    if (state.Retry) retries[name] = state.Retry.map(() => 0);
    for (const branch of state.Branches || []) zeroWaits(branch, waits, retries);
    if (state.ItemProcessor) zeroWaits(state.ItemProcessor, waits, retries);
    if (state.Iterator) zeroWaits(state.Iterator, waits, retries);
  }
  return { waitTimeOverrides: waits, retryIntervalOverrides: retries };
}

async function runCase(testCase) {
  try {
    const machine = new StateMachine(testCase.definition, options);
    const execution = machine.run(testCase.input, { overrides: zeroWaits(testCase.definition) });
    const output = await execution.result;
    return { id: testCase.id, status: 'SUCCEEDED', output };
  } catch (error) {
    if (error && error.cause && error.cause.name) {
      return { id: testCase.id, status: 'FAILED', error: error.cause.name, cause: String(error.cause.message ?? '') };
    }
    return { id: testCase.id, status: 'REJECTED', error: String(error && error.message) };
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function loopDefinition(iterations) {
  return {
    Comment: 'A long Pass/Choice loop',
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Loop' },
      Loop: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Loop' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
}

const mode = process.argv[2];
if (mode === 'cases') {
  const cases = JSON.parse(await readStdin());
  for (const testCase of cases) console.log(JSON.stringify(await runCase(testCase)));
} else if (mode === 'bench') {
  const iterations = Number(process.argv[3] || 100000);
  const machine = new StateMachine(loopDefinition(iterations), options);
  const start = process.hrtime.bigint();
  const output = await machine.run({}).result;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const transitions = 2 * iterations + 2;
  if (output.i !== iterations) throw new Error(`unexpected output ${JSON.stringify(output)}`);
  console.log(JSON.stringify({ engine: 'aws-local-stepfunctions', mode: 'memory', transitions, seconds: Number(seconds.toFixed(3)), per_second: Math.round(transitions / seconds) }));
} else if (mode === 'starts') {
  const executions = Number(process.argv[3] || 20000);
  const machine = new StateMachine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, options);
  const start = process.hrtime.bigint();
  const pending = [];
  for (let i = 0; i < executions; i++) pending.push(machine.run({}).result);
  await Promise.all(pending);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ engine: 'aws-local-stepfunctions', mode: 'starts', executions, seconds: Number(seconds.toFixed(3)), per_second: Math.round(executions / seconds) }));
} else {
  console.error('usage: peer.mjs cases|bench|starts [n]');
  process.exit(2);
}
