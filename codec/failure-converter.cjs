// The failure converter of Handoff's data converter. The SDK takes it by path: the worker
// requires it and bundles it into the workflow code, the client requires it. It moves a failure's
// message and stack trace into an encoded payload, which the payload codec then encrypts (they
// can quote what a person typed). CommonJS, so plain `require` loads it under tsx, vitest and Node.
/* global require, exports */
const { DefaultFailureConverter } = require('@temporalio/common'); // eslint-disable-line @typescript-eslint/no-require-imports

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
