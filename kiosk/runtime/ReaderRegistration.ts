import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import type { EligibilityClient } from '../../protocol/eligibility/client/EligibilityClient.ts';

/**
 * This kiosk's reader as the service knows it: registered with the clinic's own connection
 * (`reader.register`, idempotent: the same key answers the same reader id), once per connection, so a
 * service that was reset or restarted learns the key again. The id goes into every attestation.
 */
export class ReaderRegistration {
  private registered: Promise<string> | undefined;

  constructor(
    private readonly client: EligibilityClient,
    private readonly identity: ReaderIdentity,
    private readonly log: (line: string) => void,
  ) {}

  /** The reader id, registering first when this connection has not yet. */
  readerId(): Promise<string> {
    this.registered ??= this.client.registerReader({ publicKey: this.identity.publicKeySpki, name: this.identity.name }).then(
      (reader) => {
        this.log(`reader ${this.identity.fingerprint.slice(0, 16)} registered as ${reader.readerId}`);
        return reader.readerId;
      },
      (error: unknown) => {
        this.registered = undefined;
        throw error;
      },
    );
    return this.registered;
  }

  /** A new connection: register again before the next attestation. */
  forget(): void {
    this.registered = undefined;
  }
}
