package dev.liverec.app.server;

import org.jspecify.annotations.Nullable;

/** Body of {@code POST /api/recording/stop}: {@code {"mint_id": "..."}}. */
record StopRequest(@Nullable String mintId) {}
