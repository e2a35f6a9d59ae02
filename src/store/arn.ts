import { KvsError, quote } from './errors.js';

/** Account id of stores created locally when none is given (the AWS docs' placeholder). */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The parts of a key value store ARN. */
export interface KvsArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** The store's id: the UUID that `cf.kvs(id)` takes inside a function. */
  readonly id: string;
}

const ARN_FORMAT = 'arn:aws:cloudfront::<12-digit account>:key-value-store/<uuid>';
const ARN_PATTERN = /^arn:(aws(?:-[a-z]+)*):cloudfront::(\d{12}):key-value-store\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const ACCOUNT_PATTERN = /^\d{12}$/;
const ID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Splits a key value store ARN into its parts; a malformed ARN is a ValidationException
 * that shows the accepted format.
 *
 * @example parseKvsArn('arn:aws:cloudfront::000000000000:key-value-store/9f1c...').accountId // '000000000000'
 */
export function parseKvsArn(arn: string): KvsArnParts {
  const match = ARN_PATTERN.exec(arn);
  if (!match) {
    throw new KvsError('ValidationException', `KvsARN ${quote(arn, 120)} is not a key value store ARN; expected ${ARN_FORMAT}`);
  }
  return { partition: match[1] as string, accountId: match[2] as string, id: (match[3] as string).toLowerCase() };
}

/** Builds the ARN of a store. */
export function formatKvsArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:key-value-store/${id}`;
}

/** Throws a ValidationException unless `accountId` is 12 digits. */
export function checkAccountId(accountId: string): void {
  if (!ACCOUNT_PATTERN.test(accountId)) {
    throw new KvsError('ValidationException', `Account id ${quote(accountId)} is not valid; expected 12 digits, e.g. ${LOCAL_ACCOUNT_ID}`);
  }
}

/** The forms a store id may be given in (`storeIdFrom`), for messages that say what is accepted. */
export const STORE_ID_FORMS = "a UUID such as 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f, or the store's ARN";

/**
 * The store id `given` names, in lower case: a UUID, or a store's ARN reduced to its
 * id (what `cf.kvs(id)` takes inside a function); `undefined` when it is neither.
 *
 * @example storeIdFrom('arn:aws:cloudfront::123456789012:key-value-store/9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F') // '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f'
 */
export function storeIdFrom(given: string): string | undefined {
  const id = ARN_PATTERN.exec(given)?.[3] ?? given;
  return ID_PATTERN.test(id) ? id.toLowerCase() : undefined;
}

/** Throws a ValidationException unless `id` is a UUID. */
export function checkStoreId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new KvsError('ValidationException', `Store id ${quote(id)} is not valid; expected a UUID such as 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f`);
  }
}
