/**
 * The dataset_quality response as a tree of Graph node types: which fields each node has, so a request for
 * an unknown one gets Meta's `(#100) Tried accessing nonexisting field (x) on node type (T)`. Names of the
 * element and coverage types follow Meta's SDKs (`AdsPixelCAPIIntegrationQuality`,
 * `AdsDatasetDedupKeyFeedbackCoverage`); the others are the emulator's.
 */
export interface NodeType {
  name: string;
  /** field name -> its node type, or `null` for a scalar. */
  fields: Record<string, NodeType | null>;
}

const percentage = (name: string): NodeType => ({ name, fields: { percentage: null, description: null } });
const keyCoverage = percentage('AdsDatasetDedupKeyFeedbackCoverage');

export const DATASET_QUALITY_NODE: NodeType = {
  name: 'DatasetQuality',
  fields: {
    web: {
      name: 'AdsPixelCAPIIntegrationQuality',
      fields: {
        event_name: null,
        event_coverage: {
          name: 'AdsDatasetEventCoverage',
          fields: { percentage: null, goal_percentage: null, description: null, potential_aly_acr_increase: percentage('AdsDatasetPotentialIncrease') },
        },
        dedupe_key_feedback: {
          name: 'AdsDatasetDedupKeyFeedback',
          fields: {
            dedupe_key: null,
            browser_events_with_dedupe_key: keyCoverage,
            server_events_with_dedupe_key: keyCoverage,
            overall_browser_coverage_from_dedupe_key: keyCoverage,
          },
        },
        event_match_quality: {
          name: 'AdsPixelCAPIEMQ',
          fields: {
            composite_score: null,
            match_key_feedback: {
              name: 'AdsPixelCAPIEMQMatchKeyFeedback',
              fields: {
                identifier: null,
                coverage: percentage('AdsPixelCAPIEMQCoverage'),
                potential_aly_acr_increase: percentage('AdsDatasetPotentialIncrease'),
              },
            },
            diagnostics: {
              name: 'AdsPixelCAPIEMQDiagnostic',
              fields: { name: null, description: null, solution: null, percentage: null, affected_event_count: null, total_event_count: null },
            },
          },
        },
        data_freshness: { name: 'AdsDatasetDataFreshness', fields: { upload_frequency: null, description: null } },
        acr: percentage('AdsDatasetACR'),
        event_potential_aly_acr_increase: percentage('AdsDatasetPotentialIncrease'),
      },
    },
  },
};
