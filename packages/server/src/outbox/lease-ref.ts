/** Names one leased event: its key and the token of the lease it was handed out under. */
export interface LeaseRef {
  key: string;
  lease: string;
}
