/** Talking to AWS (or the local stand-ins) with the AWS SDK. */
export { createKvsClient, KvsClientConfigError, LOCAL_CREDENTIALS, parseKvsArn, type KvsArnParts, type KvsClientOptions } from './kvs-client.js';
export { isLoopbackHost, localAddressFor, loopbackAwareLookup } from '../net/loopback-lookup.js';
