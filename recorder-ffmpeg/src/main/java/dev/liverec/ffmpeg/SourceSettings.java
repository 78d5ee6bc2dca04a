package dev.liverec.ffmpeg;

import java.time.Duration;

/**
 * How an {@link FfmpegFrameSource} reads its address; built by {@link FfmpegFrameSource.Builder}.
 *
 * @param address what to open
 * @param live whether the input runs on the wall clock (everything but files, unless told)
 * @param audio whether to record the input's audio
 * @param connectTimeout how long the first connection may take (for a listening address: how
 *     long to wait for the first publisher)
 * @param readTimeout how long a connected input may send nothing before it counts as dropped
 * @param reconnectWindow how long a dropped live input is reopened before the stream ends
 * @param maxBackoff the longest wait between two attempts to reopen
 */
record SourceSettings(
    SourceAddress address, boolean live, boolean audio, Duration connectTimeout,
    Duration readTimeout, Duration reconnectWindow, Duration maxBackoff) {}
