/**
 * A fleet of recording workers: fronts put start and stop requests into Redis ({@link
 * dev.liverec.cluster.ClusterFront}), workers take them while they have capacity and stream each
 * recording to S3-compatible storage as it grows ({@link dev.liverec.cluster.Worker}); when a
 * worker's heartbeat expires its recordings continue on other workers as new parts of the same
 * mint_id.
 */
@NullMarked
package dev.liverec.cluster;

import org.jspecify.annotations.NullMarked;
