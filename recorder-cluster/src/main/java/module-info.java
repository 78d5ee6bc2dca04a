/**
 * liverec's fleet: fronts and workers dispatched through Redis (Lettuce), recordings streamed to
 * S3 (AWS SDK v2). Neither library appears in this module's signatures. JSpecify's type-use
 * {@code @Nullable} does, so a downstream compile reads it when present.
 */
// Lettuce's and the AWS SDK's jars are automatic modules with stable names
// (Automatic-Module-Name).
@SuppressWarnings("requires-automatic")
module dev.liverec.cluster {
  requires transitive dev.liverec.api;
  requires lettuce.core;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.services.s3;
  requires org.slf4j;
  requires java.management;
  requires static transitive org.jspecify;

  exports dev.liverec.cluster;
}
