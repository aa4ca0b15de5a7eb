//! Clients that do not play by the rules: malformed query strings, a megabyte URL,
//! connections opened and dropped by the thousand, a client that sends a byte at a
//! time. Each time, the server keeps answering everyone else.
//! (`benches/serve-hostile.sh` does the same at full scale against `search serve`.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::helpers::{get, sample_index, serve, serve_with};

/// Sends raw bytes, returns what came back until the server closed (or `wait` passed).
fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    // The server may close before it has read everything: that is its right.
    let _ = stream.write_all(bytes);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn still_answers(server: &newsdex_server::Server) {
    let started = Instant::now();
    let reply = get(server, "/api/search?q=water&limit=1");
    assert_eq!(reply.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn malformed_query_strings_get_answers_not_failures() {
    let dir = sample_index();
    let server = serve(dir.path());
    for query in [
        "q=%zz",
        "q=%",
        "q=%FF%FE%00",
        "=&&&=",
        "q",
        "actor=%00",
        "q=%E2%80%AE",
        "q=((((((((((((((((((((((((((((((((((((((x",
        "q=))))",
        "q=\"\"\"",
        "q=-",
        "q=*",
        "q=actor:",
        "q=title:",
        "q=a+AND+OR+b",
        "q=%2B%2B%2B",
        "since=9999-12-31",
        "until=0001-01",
        "since=2025-02-30",
        "limit=99999999999999999999999",
        "offset=1e3",
        "sort=",
        "facets=-0",
        "q=%C0%AF",
        "not=kind:",
        "actor=person:",
    ] {
        for route in ["/api/search", "/api/actors", "/api/dates", "/"] {
            // An HTTP client will not send `"` unencoded; the raw-socket script does.
            let query = query.replace('"', "%22");
            let reply = get(&server, &format!("{route}?{query}"));
            assert!(
                reply.status == 200 || (400..500).contains(&reply.status),
                "{route}?{query}: {} {}",
                reply.status,
                reply.body
            );
        }
    }
    still_answers(&server);
}

#[test]
fn a_megabyte_url_is_refused_and_others_are_served() {
    let dir = sample_index();
    let server = serve(dir.path());
    let mut request = b"GET /api/search?q=".to_vec();
    request.extend(std::iter::repeat_n(b'a', 1 << 20));
    request.extend(b" HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let answer = raw(server.local_addr(), &request, Duration::from_secs(5));
    assert!(
        answer.is_empty()
            || answer.starts_with("HTTP/1.1 431")
            || answer.starts_with("HTTP/1.1 414"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    still_answers(&server);
}

#[test]
fn connections_opened_and_dropped_by_the_thousand() {
    let dir = sample_index();
    let server = serve(dir.path());
    let addr = server.local_addr();
    let mut open = Vec::new();
    for i in 0..2000 {
        match TcpStream::connect(addr) {
            Ok(stream) => open.push(stream),
            Err(e) => panic!("connection {i}: {e}"),
        }
        if open.len() == 500 {
            open.clear();
            still_answers(&server);
        }
    }
    // Half a request, then gone.
    for _ in 0..200 {
        let mut s = TcpStream::connect(addr).unwrap();
        let _ = s.write_all(b"GET /api/search?q=wa");
    }
    drop(open);
    still_answers(&server);
}

#[test]
fn a_client_sending_a_byte_at_a_time_is_cut_off() {
    let dir = sample_index();
    let server = serve_with(dir.path(), |o| {
        o.limits.header_timeout = Duration::from_secs(1);
    });
    let addr = server.local_addr();
    let slow = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        for b in b"GET /api/search?q=water HTTP/1.1\r\nHost: x\r\n"
            .iter()
            .cycle()
        {
            if stream.write_all(&[*b]).is_err() || started.elapsed() > Duration::from_secs(10) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        started.elapsed()
    });
    // An idle connection is closed too.
    let idle = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let started = Instant::now();
        let _ = stream.read(&mut [0u8; 64]);
        started.elapsed()
    });
    for _ in 0..5 {
        still_answers(&server);
        std::thread::sleep(Duration::from_millis(200));
    }
    let slow = slow.join().unwrap();
    let idle = idle.join().unwrap();
    assert!(
        slow < Duration::from_secs(4),
        "the slow client was cut off after {slow:?}"
    );
    assert!(
        idle < Duration::from_secs(4),
        "the idle client was cut off after {idle:?}"
    );
}
