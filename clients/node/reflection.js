#!/usr/bin/env node
// Discovers the API through gRPC server reflection: no .proto files needed.
// Prints one service per line, followed by its methods indented.
'use strict';
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const i = process.argv.indexOf('--address');
const address = i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : '127.0.0.1:9000';

async function main() {
  // v1 is the standard reflection protocol; the client library defaults to the older v1alpha.
  const reflection = new GrpcReflection(address, grpc.credentials.createInsecure(), {}, 'v1');
  const deadline = () => ({ deadline: new Date(Date.now() + 10_000) });
  try {
    const services = await reflection.listServices('*', new grpc.Metadata(), deadline());
    for (const service of services.sort()) {
      console.log(service);
      if (!service.startsWith('weft.')) continue;
      const methods = await reflection.listMethods(service, new grpc.Metadata(), deadline());
      for (const method of methods) console.log(`  ${method.name}`);
    }
  } finally {
    reflection.client.close();
  }
}

main().catch(err => {
  console.error(`reflection failed: ${err.message}`);
  process.exitCode = 1;
});
