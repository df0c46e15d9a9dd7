package org.blnspark.jobs.io;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.SdkClientException;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * Creates an object on S3A only if no object has its key, in one request: S3's conditional write
 * ({@code If-None-Match: *}), which AWS S3 and S3Proxy answer with 412 when the key exists. S3A in
 * Hadoop 3.3.4 has no such create (its create without overwrite looks for the object, then
 * uploads, so two writers can both pass), so this sends the request through the S3A filesystem's
 * own client, with its endpoint, credentials and signing. A server that ignores the header
 * overwrites instead; docs/cluster.md names what to do there.
 */
final class S3ConditionalCreate {
  private S3ConditionalCreate() {}

  /** Creates {@code file} holding {@code content}, or fails with FileAlreadyExistsException if it exists. */
  static void create(S3AFileSystem fs, Path file, byte[] content) throws IOException {
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentLength(content.length);
    PutObjectRequest put = new PutObjectRequest(fs.getBucket(), fs.pathToKey(fs.makeQualified(file)),
        new ByteArrayInputStream(content), metadata);
    put.putCustomRequestHeader("If-None-Match", "*");
    try {
      // The only way to the client S3A built from its configuration; the name says it is for tests,
      // which is why this class is the one place that calls it.
      fs.getAmazonS3ClientForTesting("conditional create of " + file).putObject(put);
    } catch (AmazonServiceException e) {
      if (e.getStatusCode() == 412 || e.getStatusCode() == 409) {
        // 409: a conditional write raced another one on the same key, which won.
        throw new FileAlreadyExistsException(file + " exists");
      }
      throw new IOException("conditional create of " + file + " failed: " + e.getErrorMessage(), e);
    } catch (SdkClientException e) {
      throw new IOException("conditional create of " + file + " failed: " + e.getMessage(), e);
    }
  }
}
