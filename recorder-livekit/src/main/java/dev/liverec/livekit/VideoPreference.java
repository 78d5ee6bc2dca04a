package dev.liverec.livekit;

/**
 * Which of a participant's video tracks a recording takes when it publishes more than one. One
 * video track is recorded at a time: when the preferred one appears the recording switches to it
 * and unsubscribes the other; when it goes, the recording falls back (unless {@code _ONLY}).
 */
public enum VideoPreference {
  /** The camera; the screen share while there is no camera. The default. */
  CAMERA_FIRST,
  /** The screen share; the camera while nobody shares a screen. */
  SCREEN_SHARE_FIRST,
  /** Only the camera. */
  CAMERA_ONLY,
  /** Only the screen share. */
  SCREEN_SHARE_ONLY
}
