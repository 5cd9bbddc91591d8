import type { DataConverter } from '@temporalio/common';
import { fileURLToPath } from 'node:url';
import { EncryptionCodec } from './encryption-codec';
import type { EncryptionKeys } from './encryption-keys';

/** Where the SDK loads the failure converter from (see failure-converter.cjs); workflow bundles are built with it too. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/**
 * The data converter of every client and worker of Handoff: payloads encrypted by the codec,
 * failures' messages and stack traces encoded into a payload, so encrypted too.
 */
export function encryptingDataConverter(keys: EncryptionKeys): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
