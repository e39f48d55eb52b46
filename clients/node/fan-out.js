#!/usr/bin/env node
// Registers a fan-out/fan-in workflow, starts it, and streams WatchExecution as JSON lines.
// Exit 0 only when the execution COMPLETED with the expected output.
'use strict';
const { isDeepStrictEqual } = require('node:util');
const { clients, toStruct, fromValue, call, argument } = require('./weft');

const address = argument('address', '127.0.0.1:9000');
const timeoutSeconds = Number(argument('timeout', '60'));

// split fans out to three parallel steps (text, echo, text); join waits for all three.
const DEFINITION = `
name: node-fan-out
description: Fan-out/fan-in driven by the Node.js client.
steps:
  - id: split
    agent: echo
    input: { words: "{{ input.words }}" }
  - id: upper
    agent: text
    depends_on: [split]
    input: { text: "{{ steps.split.output.words[0] }}", op: upper }
  - id: count
    agent: echo
    depends_on: [split]
    input: { n: "{{ size(steps.split.output.words) }}" }
  - id: reverse
    agent: text
    depends_on: [split]
    input: { text: "{{ steps.split.output.words[1] }}", op: reverse }
  - id: join
    agent: echo
    depends_on: [upper, count, reverse]
    input:
      upper: "{{ steps.upper.output.text }}"
      count: "{{ steps.count.output.n }}"
      reverse: "{{ steps.reverse.output.text }}"
output:
  joined: "{{ steps.join.output.upper }}-{{ steps.join.output.reverse }}"
  count: "{{ steps.join.output.count }}"
`;
const INPUT = { words: ['hello', 'world'] };
const EXPECTED = { joined: 'HELLO-dlrow', count: 2 };

function describe(update) {
  if (update.kind === 'snapshot') {
    const s = update.snapshot;
    return { sequence: update.sequence, type: 'snapshot', status: s.status,
      steps: s.steps.map(step => ({ step_id: step.step_id, status: step.status,
        agent_id: step.agent_id || null })) };
  }
  if (update.kind === 'notice') { // a running step's "no live agent" notice was set or cleared
    const n = update.notice;
    return { sequence: update.sequence, type: 'notice', step_id: n.step_id, notice: n.notice || null };
  }
  const { event, status, step, error } = update.change;
  const entry = { sequence: update.sequence, type: event.type, step_id: step ? step.step_id : null,
    step_status: step ? step.status : null, agent_id: step && step.agent_id ? step.agent_id : null,
    status };
  const failure = (step && step.error) || error;
  if (failure) entry.error = `${failure.type}: ${failure.message}`;
  return entry;
}

// Resolves with the last update once the server ends the stream (after the terminal state).
function watch(executions, executionId) {
  const deadline = new Date(Date.now() + timeoutSeconds * 1000);
  return new Promise((resolve, reject) => {
    let last = null;
    const stream = executions.WatchExecution({ execution_id: executionId }, { deadline });
    stream.on('data', update => {
      last = update;
      console.log(JSON.stringify(describe(update)));
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(last));
  });
}

async function main() {
  const { workflows, executions } = clients(address);
  try {
    const registered = await call(workflows, 'RegisterWorkflow', { definition: DEFINITION });
    const started = await call(executions, 'StartExecution',
      { workflow: registered.name, version: registered.version, input: toStruct(INPUT) });
    const last = await watch(executions, started.execution_id);

    const status = last && last.change ? last.change.status : 'UNKNOWN';
    const output = last && last.change ? fromValue(last.change.output) : null;
    console.log(`RESULT ${JSON.stringify({ execution_id: started.execution_id, status, output })}`);
    const ok = status === 'EXECUTION_STATUS_COMPLETED' && isDeepStrictEqual(output, EXPECTED);
    if (!ok) console.error(`expected COMPLETED with ${JSON.stringify(EXPECTED)}`);
    return ok ? 0 : 1;
  } finally {
    workflows.close();
    executions.close();
  }
}

main().then(code => { process.exitCode = code; }, err => {
  console.error(`fan-out failed: ${err.message}`);
  process.exitCode = 2;
});
