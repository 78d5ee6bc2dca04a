/**
 * A {@link dev.liverec.spi.PictureConverter} on libyuv, found with {@link java.util.ServiceLoader}:
 * add {@code dev.liverec:recorder-libyuv} and sessions convert packed BGR24, BGRA and RGBA pictures
 * with libyuv's SIMD routines instead of swscale's.
 */
@NullMarked
package dev.liverec.libyuv;

import org.jspecify.annotations.NullMarked;
