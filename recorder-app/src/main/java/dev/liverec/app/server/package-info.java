/**
 * The guide's HTTP API ({@code liverec serve}): start, stop and inspect recordings by mint_id,
 * one {@link dev.liverec.RecordingSession} each, on the JDK's built-in HTTP server with Jackson.
 */
@NullMarked
package dev.liverec.app.server;

import org.jspecify.annotations.NullMarked;
