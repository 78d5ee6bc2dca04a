package dev.liverec.app.server;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/recording/start}: {@code {"mint_id": "...", "output_format"?: "mp4",
 * "video_quality"?: "low|medium|high"}}.
 */
record StartRequest(
    @Nullable String mintId, @Nullable String outputFormat, @Nullable String videoQuality) {}
