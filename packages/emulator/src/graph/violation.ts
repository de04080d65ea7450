/** Why an event was refused: the rule (stable id), Meta's subcode, and the texts of the error response. */
export interface Violation {
  rule: RuleId;
  subcode: number;
  /** Becomes `error_user_title`. */
  title: string;
  /** Specific explanation; `error_user_msg` prefixes it with the event index. */
  detail: string;
}

export type RuleId =
  | 'event_invalid'
  | 'event_name_missing'
  | 'event_time_invalid'
  | 'event_time_too_old'
  | 'event_time_in_future'
  | 'action_source_invalid'
  | 'event_source_url_missing'
  | 'client_user_agent_missing'
  | 'user_data_missing'
  | 'customer_information_insufficient'
  | 'customer_information_too_broad'
  | 'hashed_value_invalid'
  | 'client_ip_address_invalid'
  | 'fbp_invalid'
  | 'fbc_invalid'
  | 'custom_data_invalid'
  | 'currency_invalid'
  | 'purchase_value_missing'
  | 'purchase_currency_missing';

/** Meta's subcodes: too old and insufficient customer information are documented; 2804001 for a malformed fbc. */
export const SUBCODE_TOO_OLD = 2804003;
export const SUBCODE_INSUFFICIENT_CUSTOMER_INFO = 2804050;
export const SUBCODE_MALFORMED_FBC = 2804001;
/** Meta's generic "Invalid parameter" subcode, used where no more specific one is known. */
export const SUBCODE_INVALID_PARAMETER = 2804019;

export function violation(rule: RuleId, title: string, detail: string, subcode = SUBCODE_INVALID_PARAMETER): Violation {
  return { rule, subcode, title, detail };
}
