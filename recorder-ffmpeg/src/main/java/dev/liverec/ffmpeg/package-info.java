/**
 * Encoder and muxer providers on FFmpeg, and {@link dev.liverec.ffmpeg.FfmpegFrameSource}, a
 * source for any URL or file FFmpeg opens; the only package in liverec that touches
 * {@code org.bytedeco.ffmpeg}.
 *
 * <p>Who frees what: each native handle has exactly one owner, an {@link java.lang.AutoCloseable}
 * Java object that frees it once in {@code close()}, also after errors:
 * {@link dev.liverec.ffmpeg.FfmpegVideoEncoder} owns its {@code AVCodecContext}, its
 * {@code AVPacket} and the {@code AVFrame} that points at each picture while it is sent;
 * {@link dev.liverec.ffmpeg.FfmpegVideoScaler} (the scale stage) owns its {@code SwsContext},
 * and the pictures it returns belong to the caller (pooled Java buffers, no native memory);
 * {@link dev.liverec.ffmpeg.FfmpegAudioEncoder} owns its context, packet, frame and
 * {@link dev.liverec.ffmpeg.AudioResampler}, which owns the {@code SwrContext} and
 * {@code AVAudioFifo}; {@link dev.liverec.ffmpeg.FragmentedMp4Muxer} owns the
 * {@code AVFormatContext} and its {@code AVIOContext}. Packets are lent to the muxer for one call.
 * On the reading side, an {@link dev.liverec.ffmpeg.FfmpegFrameSource}'s reader thread
 * ({@link dev.liverec.ffmpeg.SourceReader}) owns the open {@link dev.liverec.ffmpeg.InputConnection}
 * (its {@code AVFormatContext}, {@code AVPacket}, {@code AVFrame} and one
 * {@link dev.liverec.ffmpeg.InputDecoder} with its {@code AVCodecContext} per stream), the
 * {@link dev.liverec.ffmpeg.PictureCopier} ({@code SwsContext}), the
 * {@link dev.liverec.ffmpeg.SoundCopier} ({@code SwrContext}) and, once started, the
 * {@link dev.liverec.ffmpeg.InputInterrupter}'s token, and frees them all as it ends. The I420
 * pictures it hands over wrap the decoder's planes and hold a reference to them (an {@code
 * AVFrame} of their own) until the recorder closes them, on whichever thread that is.
 */
@NullMarked
package dev.liverec.ffmpeg;

import org.jspecify.annotations.NullMarked;
