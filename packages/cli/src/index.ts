export { type Command, parseArgs, USAGE, type VerifyOptions } from './args.js';
export { CliError, type CliErrorCode } from './errors.js';
export { formatReport } from './format.js';
export { DATASET_QUALITY_FIELDS, fetchDatasetQuality, type WebEventQuality } from './meta/dataset-quality.js';
export { type EventVerdict, judgeEvent, type Verdict } from './meta/verdicts.js';
export { checkSite } from './site/check-site.js';
export { HEADLESS_CHROMIUM_ARGS } from './site/find-chromium.js';
export type { Finding, FindingStatus, MirrorSeen, PixelHit, SiteCheckOptions, SiteReport } from './site/types.js';
export { type VerifyReport, verify } from './verify.js';
