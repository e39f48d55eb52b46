// Shared helpers: load the weft.v1 protos, build clients, and convert google.protobuf.Value.
'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_DIR = path.join(__dirname, '..', '..', 'proto');

// keepCase: field names exactly as in the .proto files (execution_id, not executionId).
// oneofs: each oneof gets a field naming the member that is set (update.kind, value.kind).
const definition = protoLoader.loadSync(
  ['weft/v1/workflow.proto', 'weft/v1/execution.proto', 'weft/v1/agent.proto'],
  { includeDirs: [PROTO_DIR], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
const weft = grpc.loadPackageDefinition(definition).weft.v1;

function clients(address) {
  const creds = grpc.credentials.createInsecure();
  return {
    workflows: new weft.WorkflowService(address, creds),
    executions: new weft.ExecutionService(address, creds),
  };
}

// proto-loader leaves Struct/Value as plain messages, so JSON <-> Value is done by hand.
// protobufjs ships these well-known types with camelCase field names, even with keepCase.
function toValue(x) {
  if (x === null || x === undefined) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(x)) return { listValue: { values: x.map(toValue) } };
  switch (typeof x) {
    case 'string': return { stringValue: x };
    case 'number': return { numberValue: x };
    case 'boolean': return { boolValue: x };
    default: return { structValue: toStruct(x) };
  }
}

function toStruct(obj) {
  return { fields: Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toValue(v)])) };
}

function fromValue(v) {
  if (!v || !v.kind) return null;
  switch (v.kind) {
    case 'nullValue': return null;
    case 'listValue': return v.listValue.values.map(fromValue);
    case 'structValue': return fromStruct(v.structValue);
    default: return v[v.kind];
  }
}

function fromStruct(s) {
  return Object.fromEntries(Object.entries(s.fields || {}).map(([k, v]) => [k, fromValue(v)]));
}

// Turns a callback-style unary call into a promise, with a deadline so nothing hangs forever.
function call(client, method, request, seconds = 30) {
  const deadline = new Date(Date.now() + seconds * 1000);
  return new Promise((resolve, reject) =>
    client[method](request, { deadline }, (err, res) => (err ? reject(err) : resolve(res))));
}

function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

module.exports = { grpc, clients, toStruct, fromValue, call, argument };
