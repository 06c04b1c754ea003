/** Why an AMI action did not succeed. Every action ends in exactly one of these or in a response. */
export type AmiFailure =
  /** The link was not up when the action was asked for: nothing was sent. */
  | 'not-connected'
  /** Sent, but no response within the timeout: the outcome at Asterisk is unknown. */
  | 'timeout'
  /** Sent, then the link dropped before the response: the outcome at Asterisk is unknown. */
  | 'link-lost'
  /** Asterisk answered `Response: Error`. */
  | 'rejected';

export class AmiError extends Error {
  override readonly name = 'AmiError';
  constructor(
    readonly failure: AmiFailure,
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

export class AmiAuthError extends Error {
  override readonly name = 'AmiAuthError';
}
