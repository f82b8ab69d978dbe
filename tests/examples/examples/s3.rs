//! S3: upload a file as it is read, stream it back into another file, share
//! it with a presigned URL, and list what is there.
//!
//! The operations it needs: `s3:PutObject,s3:GetObject,s3:ListObjectsV2`.
//! Region and credentials come from the environment and the shared config
//! files, as for the AWS CLI (`AWS_REGION`, `AWS_PROFILE`, ...);
//! `AWS_ENDPOINT_URL` sends it to another S3-compatible server.
//!
//! ```sh
//! cargo run --example s3 -- my-bucket notes.txt
//! ```

use std::error::Error;
use std::time::Duration;

use slimaws::runtime::{ByteStream, PresigningConfig};
use slimaws::s3;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(bucket), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: s3 <bucket> <file>");
        std::process::exit(2);
    };
    let config = slimaws::Config::from_env().await?;
    let s3 = s3::client::Client::new(&config);
    let key = format!("examples/{}", path.rsplit('/').next().unwrap_or(&path));

    // The file is read in pieces as it is sent; its CRC32 is read ahead.
    let put = s3
        .put_object()
        .bucket(&bucket)
        .key(&key)
        .body(ByteStream::from_path(&path).await?)
        .send()
        .await?;
    println!("uploaded {key} (ETag {})", put.e_tag.unwrap_or_default());

    // The body is pulled from the connection as it is written out.
    let object = s3.get_object().bucket(&bucket).key(&key).send().await?;
    let mut body = object.body.unwrap_or_default().into_async_read();
    let copy_path = format!("{path}.copy");
    let mut copy = tokio::fs::File::create(&copy_path).await?;
    let copied = tokio::io::copy(&mut body, &mut copy).await?;
    println!("downloaded {copied} bytes into {copy_path}");

    // Anyone holding this URL can GET the object for the next 15 minutes.
    let link = s3
        .get_object()
        .bucket(&bucket)
        .key(&key)
        .presigned(PresigningConfig::expires_in(Duration::from_secs(900))?)
        .await?;
    println!("share: {}", link.uri());

    let listed = s3
        .list_objects_v2()
        .bucket(&bucket)
        .prefix("examples/")
        .send()
        .await?;
    for object in listed.contents.unwrap_or_default() {
        let size = object.size.unwrap_or_default();
        println!("{} ({size} bytes)", object.key.unwrap_or_default());
    }
    Ok(())
}
