/**
 * The liverec host app: {@code java -jar liverec.jar record|serve|experiments ...}. Built only on
 * the library's public API, so it doubles as the reference for host-app authors.
 */
@NullMarked
package dev.liverec.app;

import org.jspecify.annotations.NullMarked;
