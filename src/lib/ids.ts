/** Opaque string ids. UUIDv4 from WebCrypto: unguessable, so an id alone grants nothing. */
export function newId(): string {
  return crypto.randomUUID();
}
