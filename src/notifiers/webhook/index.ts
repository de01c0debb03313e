/** The generic webhook notifier: a signed JSON POST of the event, one attempt per call. */
export {
  sendWebhook,
  interpretWebhookResponse,
  type SendWebhookOptions,
  type WebhookTarget,
} from './send-webhook.js';
export {
  signWebhookBody,
  verifyWebhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DELIVERY_ID_HEADER,
  EVENT_HEADER,
} from './signature.js';
