//! The CBOR writer against botocore's bytes, and the reader on what
//! botocore reads and on hostile bodies.

use super::cbor::*;
use super::time;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The bytes botocore 1.44.5's `RpcV2CBORSerializer` writes for the same
/// members in the same order (`tests/data` has no CBOR; made with
/// `RpcV2CBORSerializer().serialize_to_request(params, op)["body"].hex()`).
#[test]
fn writes_what_botocore_writes() {
    let t = time::from_epoch_i64(1398796238).unwrap();
    let tf = time::from_epoch_f64(1398796238.123).unwrap();
    let mut w = CborWriter::new();
    w.begin_object();
    w.key("s");
    w.string("héllo");
    w.key("n");
    w.i64(-300);
    w.key("big");
    w.i64(1 << 40);
    w.key("f");
    w.f32(7.625);
    w.key("d");
    w.f64(1.889);
    w.key("nan");
    w.f64(f64::NAN);
    w.key("b");
    w.bool(true);
    w.key("blob");
    w.blob(&[0x00, 0xff]);
    w.key("t");
    w.timestamp(&t);
    w.key("tf");
    w.timestamp(&tf);
    w.key("list");
    w.begin_array();
    w.string("a");
    w.string("b");
    w.end_array();
    w.key("m");
    w.begin_object();
    w.key("k");
    w.begin_object();
    w.end_object();
    w.end_object();
    w.key("e");
    w.begin_object();
    w.end_object();
    w.end_object();
    assert_eq!(
        hex(&w.finish().unwrap()),
        "ad61736668c3a96c6c6f616e39012b636269671b00000100000000006166fa40f400006164fb3ffe395810624dd3636e616ef97e006162f564626c6f624200ff6174c11a535fefce627466c1fb41d4d7fbf387df3b646c6973748261616162616da1616ba06165a0"
    );
}

#[test]
fn long_containers_get_longer_headers() {
    let mut w = CborWriter::new();
    w.begin_array();
    for i in 0..300 {
        w.i64(i % 10);
    }
    w.end_array();
    let out = w.finish().unwrap();
    assert_eq!(&out[..3], &[0x99, 0x01, 0x2c]);
    assert_eq!(out.len(), 303);
    assert_eq!(
        parse(&out).unwrap().as_array().map(<[Value]>::len),
        Some(300)
    );
}

#[test]
fn unknown_union_variant_fails_the_body() {
    let mut w = CborWriter::new();
    w.begin_object();
    w.unknown_variant("MyUnion");
    w.end_object();
    assert!(w.finish().unwrap_err().to_string().contains("MyUnion"));
}

#[test]
fn reads_indefinite_lengths_half_floats_and_tags() {
    // {_ "a": [_ "x", (_ "y", "z")], "f": f16 1.5, "t": 1(1.5e0), "n": null}
    let body = unhex(
        "bf6161 9f6178 7f6179617a ff ff 6166 f93e00 6174 c1f93e00 616e f6 ff"
            .replace(' ', "")
            .as_str(),
    );
    let v = parse(&body).unwrap();
    let m = v.as_object().unwrap();
    assert_eq!(
        m.get("a"),
        Some(&Value::Array(vec![
            Value::Text("x".into()),
            Value::Text("yz".into())
        ]))
    );
    assert_eq!(read_f64(m.get("f").unwrap(), "f").unwrap(), 1.5);
    let t = read_timestamp(m.get("t").unwrap(), "t").unwrap();
    assert_eq!((t.unix_timestamp(), t.microsecond()), (1, 500_000));
    // Null entries are dropped as botocore drops them.
    assert_eq!(m.get("n"), None);
    assert_eq!(m.len(), 3);
    // ... also from a definite map, whose count includes them: {"z": null, "x": 1}.
    let v = parse(&unhex("a2617af6617801")).unwrap();
    assert_eq!(v.as_object().map(Map::len), Some(1));
}

#[test]
fn repeated_keys_keep_the_last_value() {
    // {"a": 1, "b": 2, "a": 3}
    let v = parse(&unhex("a3616101616202616103")).unwrap();
    let m = v.as_object().unwrap();
    assert_eq!(m.get("a"), Some(&Value::Int(3)));
    assert_eq!(m.get("b"), Some(&Value::Int(2)));
    assert_eq!(m.len(), 2);
}

#[test]
fn empty_body_is_an_empty_map() {
    assert_eq!(parse(b"").unwrap(), Value::Map(Map::default()));
}

#[test]
fn hostile_bodies_are_errors_not_panics_or_hangs() {
    let cases: &[(&str, &str)] = &[
        // An array claiming 2^32 items holds one.
        ("9b000000010000000001", "invalid CBOR"),
        // A text string longer than the body.
        ("7818616263", "invalid CBOR"),
        // A map keyed by an integer.
        ("a10101", "not a text string"),
        // A break outside an indefinite container.
        ("ff", "invalid CBOR"),
        // Invalid UTF-8 in a text string.
        ("62c328", "invalid CBOR"),
        // An indefinite map never closed.
        ("bf6161", "invalid CBOR"),
    ];
    for (body, what) in cases {
        let err = parse(&unhex(body)).unwrap_err().to_string();
        assert!(err.contains(what), "{body}: {err}");
    }
    let deep = vec![0x81u8; 10_000];
    assert!(parse(&deep)
        .unwrap_err()
        .to_string()
        .contains("nested more than 128"));
}

#[test]
fn readers_name_the_member_and_the_kind() {
    let v = Value::Text("x".into());
    assert_eq!(
        read_i32(&v, "Out.Count").unwrap_err().to_string(),
        "Out.Count: expected an integer, found a text string"
    );
    assert!(read_i8(&Value::Int(300), "Out.B")
        .unwrap_err()
        .to_string()
        .contains("out of range"));
    assert!(read_timestamp(&Value::Tag(0, Box::new(v)), "Out.T").is_err());
    assert_eq!(
        read_blob(&Value::Bytes(vec![1]), "b").unwrap().as_bytes(),
        &[1]
    );
    assert_eq!(read_i64(&Value::Int(-(1 << 40)), "n").unwrap(), -(1 << 40));
}

#[test]
fn half_floats_read_as_python_unpacks_them() {
    for (bits, want) in [
        (0x3e00u16, 1.5),
        (0x0050, 4.76837158203125e-06),
        (0x0001, 5.960464477539063e-08),
        (0x7bff, 65504.0),
        (0xc000, -2.0),
        (0x8000, -0.0),
        (0x7c00, f64::INFINITY),
        (0xfc00, f64::NEG_INFINITY),
    ] {
        assert_eq!(half_to_f64(bits), want, "{bits:#06x}");
    }
    assert!(half_to_f64(0x7c01).is_nan());
    assert!(half_to_f64(0x7e00).is_nan());
    assert!(parse(&[0xf9, 0x3e]).is_err());
}
