/**
 * Test tools for live recorders: synthetic sources that script hostile live streams, and
 * AssertJ assertions that prove a recording survived them by decoding the MP4 with FFmpeg.
 * Add {@code dev.liverec:recorder-testkit} in test scope.
 */
@NullMarked
package dev.liverec.testkit;

import org.jspecify.annotations.NullMarked;
