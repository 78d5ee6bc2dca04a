/**
 * Encoder and muxer providers on FFmpeg, the only package in liverec that touches
 * {@code org.bytedeco.ffmpeg}.
 *
 * <p>Who frees what: each native handle has exactly one owner, an {@link java.lang.AutoCloseable}
 * Java object that frees it once in {@code close()}, also after errors:
 * {@link dev.liverec.ffmpeg.FfmpegVideoEncoder} owns its {@code AVCodecContext}, its
 * {@code AVPacket} and its {@link dev.liverec.ffmpeg.VideoScaler};
 * {@link dev.liverec.ffmpeg.VideoScaler} owns its {@code SwsContext} and {@code AVFrame}s;
 * {@link dev.liverec.ffmpeg.FfmpegAudioEncoder} owns its context, packet, frame and
 * {@link dev.liverec.ffmpeg.AudioResampler}, which owns the {@code SwrContext} and
 * {@code AVAudioFifo}; {@link dev.liverec.ffmpeg.FragmentedMp4Muxer} owns the
 * {@code AVFormatContext} and its {@code AVIOContext}. Packets are lent to the muxer for one call.
 */
@NullMarked
package dev.liverec.ffmpeg;

import org.jspecify.annotations.NullMarked;
