//! botocore's rewrites of input values of particular services, made before
//! the input is checked (its `before-parameter-build` handlers): Route 53's
//! ids cut to their last segment (`fix_route53_ids`) and EC2's and Auto
//! Scaling's `UserData` sent base64-encoded (`base64_encode_user_data`).

/// What follows the last `/` of `value` (all of it when it has none), as
/// `value.split('/')[-1]`.
pub fn last_path_segment(value: &str) -> String {
    value.rsplit('/').next().unwrap_or(value).to_string()
}

/// `value`'s UTF-8 bytes in standard base64, with padding.
pub fn base64_text(value: &str) -> String {
    super::encode::base64(value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route53_ids_keep_their_last_segment() {
        for (given, sent) in [
            ("/hostedzone/Z1D633PJN98FT9", "Z1D633PJN98FT9"),
            ("/change/C2682N5HXP0BZ4", "C2682N5HXP0BZ4"),
            ("Z1D633PJN98FT9", "Z1D633PJN98FT9"),
            ("trailing/", ""),
            ("", ""),
        ] {
            assert_eq!(last_path_segment(given), sent, "{given}");
        }
    }

    #[test]
    fn user_data_goes_base64() {
        assert_eq!(
            base64_text("#!/bin/sh\necho hi\n"),
            "IyEvYmluL3NoCmVjaG8gaGkK"
        );
        assert_eq!(base64_text("é"), "w6k=");
        assert_eq!(base64_text(""), "");
    }
}
