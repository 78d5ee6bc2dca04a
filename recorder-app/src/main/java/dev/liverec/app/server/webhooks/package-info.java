/**
 * Signed webhooks: JSON POSTs to one or more receivers, each from its own bounded queue and
 * thread, signed the way LiveKit signs its webhooks ({@link WebhookSigner}) and retried with
 * backoff ({@link WebhookConfig}), so a slow or absent receiver never holds up a recording.
 */
@NullMarked
package dev.liverec.app.server.webhooks;

import org.jspecify.annotations.NullMarked;
