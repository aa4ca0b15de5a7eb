//! In a real browser: Debian's chromium, driven through chromedriver over WebDriver.
//! Type a query and see ranked hits, click a facet and see the list and the URL change,
//! open an article, go back; the `/` key, dragging across the month chart, phone width.
//! The screenshots of these states are written to `docs/screenshots/` for the README.
//!
//! Where chromium or chromedriver cannot be found (`apt-get install chromium
//! chromium-driver`; or set NEWSDEX_CHROMIUM and NEWSDEX_CHROMEDRIVER), the test says
//! so and passes: the HTTP tests cover the rest. With NEWSDEX_REQUIRE_BROWSER=1 (as CI
//! sets it where it could install them) a missing browser fails instead.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::helpers::{sample_index, serve};

type Fallible<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// An executable: `$var` if set (and there), else the first of `names` on the PATH.
fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a free loopback port, ended when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(path: &Path) -> Fallible<Driver> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let driver = Driver { child, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not start listening within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

impl Driver {
    /// Asks chromedriver to quit (it ends the browsers it started), then makes sure.
    fn stop(&mut self) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) {
            use std::io::{Read, Write};
            let _ = s.write_all(
                b"GET /shutdown HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            );
            let _ = s.read_to_end(&mut Vec::new());
        }
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots")
}

#[test]
fn search_facet_article_and_back_in_chromium() {
    let chromium = find(
        "NEWSDEX_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let chromedriver = find("NEWSDEX_CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        let message = "browser test skipped: chromium and chromedriver not found \
                       (apt-get install chromium chromium-driver)";
        if std::env::var_os("NEWSDEX_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("{message}, and NEWSDEX_REQUIRE_BROWSER=1");
        }
        // Straight to the process's stderr: libtest keeps `eprintln!` of a passing
        // test to itself, and a skip should be seen.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{message}");
        return;
    };
    let dir = sample_index();
    let server = serve(dir.path());
    let base = format!("http://{}", server.local_addr());
    let mut driver = Driver::start(&chromedriver).expect("chromedriver starts");
    let profile = tempfile::tempdir().expect("a profile folder");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let outcome: Fallible = runtime.block_on(async {
        let client = connect(driver.port, &chromium, profile.path()).await?;
        // On a task of its own, so that a failed assertion still lets the session
        // close (and chromium with it) before the test fails.
        let walk = tokio::spawn({
            let client = client.clone();
            async move { walk_through(&client, &base).await }
        });
        let outcome = walk.await;
        let _ = client.close().await;
        match outcome {
            Ok(done) => done,
            Err(panicked) => Err(format!("{panicked}").into()),
        }
    });
    driver.stop();
    if let Err(e) = outcome {
        panic!("in the browser: {e}");
    }
}

async fn connect(port: u16, chromium: &Path, profile: &Path) -> Fallible<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await?)
}

/// Waits until `check` is true, up to 10 s.
async fn until<F, Fut>(what: &str, mut check: F) -> Fallible
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Fallible<bool>>,
{
    let started = Instant::now();
    loop {
        if check().await.unwrap_or(false) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(10) {
            return Err(format!("waited 10 s for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn shot(client: &Client, name: &str) -> Fallible {
    // Neither a blinking caret nor a hovered link: the same page, the same picture.
    client
        .execute(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await?;
    let away = MouseActions::new("away".to_owned()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    client.perform_actions(away).await?;
    client.release_actions().await?;
    let png = client.screenshot().await?;
    std::fs::create_dir_all(screenshots())?;
    std::fs::write(screenshots().join(name), png)?;
    Ok(())
}

async fn texts(client: &Client, css: &str) -> Fallible<Vec<String>> {
    let mut out = Vec::new();
    for e in client.find_all(Locator::Css(css)).await? {
        out.push(e.text().await?);
    }
    Ok(out)
}

async fn url(client: &Client) -> Fallible<String> {
    Ok(client.current_url().await?.to_string())
}

async fn walk_through(client: &Client, base: &str) -> Fallible {
    // Type a query, press Enter: ranked hits, the exact phrase first.
    client.goto(&format!("{base}/")).await?;
    let input = client.wait().for_element(Locator::Id("q")).await?;
    input
        .send_keys(&format!("point of no return{}", char::from(Key::Enter)))
        .await?;
    until("hits for the query", || async {
        Ok(url(client).await?.contains("q=point+of+no+return")
            && texts(client, "#hits li.hit h3")
                .await?
                .first()
                .is_some_and(|t| t.contains("Seldra negotiators reach the point of no return")))
    })
    .await?;
    let marks = texts(client, "#hits mark").await?;
    assert!(marks.iter().any(|m| m == "point"), "highlighted: {marks:?}");
    let before = client.find(Locator::Id("summary")).await?.text().await?;
    shot(client, "search.png").await?;

    // Click a facet: the hits and the URL follow.
    let facet = client
        .find(Locator::Css("#facets li.facet.place a.toggle"))
        .await?;
    let name = facet.find(Locator::Css(".name")).await?.text().await?;
    facet.click().await?;
    let filtered_url = {
        until("the facet filter in the URL", || async {
            Ok(url(client).await?.contains("actor=place%3A")
                && !client
                    .find_all(Locator::Css("#chips .chip.on"))
                    .await?
                    .is_empty())
        })
        .await?;
        url(client).await?
    };
    let after = client.find(Locator::Id("summary")).await?.text().await?;
    assert_ne!(before, after, "the count changed with the filter on {name}");
    let chip = client
        .find(Locator::Css("#chips .chip.on"))
        .await?
        .text()
        .await?;
    assert!(
        chip.to_lowercase().contains(&name.to_lowercase()),
        "{chip} names {name}"
    );
    shot(client, "facet.png").await?;

    // Open the first article: its actors and dates are marked.
    let title = client.find(Locator::Css("#hits li.hit h3 a")).await?;
    let title_text = title.text().await?;
    title.click().await?;
    until("the article page", || async {
        Ok(url(client).await?.contains("/article?id=")
            && !client
                .find_all(Locator::Css("#article .m.person"))
                .await?
                .is_empty())
    })
    .await?;
    let h1 = client
        .find(Locator::Css("#article h1"))
        .await?
        .text()
        .await?;
    assert_eq!(h1, title_text);
    assert!(!client
        .find_all(Locator::Css("#article .m.date"))
        .await?
        .is_empty());
    shot(client, "article.png").await?;

    // Back: the filtered results again.
    client.back().await?;
    until("the filtered results after Back", || async {
        Ok(url(client).await? == filtered_url
            && !client
                .find_all(Locator::Css("#hits li.hit"))
                .await?
                .is_empty()
            && !client
                .find_all(Locator::Css("#chips .chip.on"))
                .await?
                .is_empty())
    })
    .await?;

    // `/` focuses the search box from anywhere on the page.
    client.find(Locator::Id("summary")).await?.click().await?;
    let keys = KeyActions::new("keys".to_owned())
        .then(KeyAction::Down { value: '/' })
        .then(KeyAction::Up { value: '/' });
    client.perform_actions(keys).await?;
    let focused = client.active_element().await?.attr("id").await?;
    assert_eq!(focused.as_deref(), Some("q"));

    // Drag across the month chart: since and until follow.
    client.goto(&format!("{base}/")).await?;
    let svg = client
        .wait()
        .for_element(Locator::Css("#chart svg"))
        .await?;
    let (_, _, width, _) = svg.rectangle().await?;
    let bars = client.find_all(Locator::Css("#chart g.bar")).await?.len() as f64;
    // From the middle of the first bar to the middle of the last, relative to the centre.
    let edge = width / 2.0 - width / bars / 2.0;
    let mouse = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element: svg.clone(),
            duration: None,
            x: -edge,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: svg.clone(),
            duration: Some(Duration::from_millis(200)),
            x: edge,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(mouse).await?;
    until("the dragged span in the URL", || async {
        let now = url(client).await?;
        Ok(now.contains("since=")
            && now.contains("until=")
            && !client
                .find_all(Locator::Css("#chips .chip.dates"))
                .await?
                .is_empty())
    })
    .await?;
    let spanned = url(client).await?;
    let value = |name: &str| {
        spanned
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap_or("")
            .to_owned()
    };
    assert!(
        value("since") < value("until"),
        "a span of months: {spanned}"
    );

    // Phone width: one column, nothing wider than the screen.
    client.set_window_size(390, 844).await?;
    client.goto(&filtered_url).await?;
    client
        .wait()
        .for_element(Locator::Css("#hits li.hit"))
        .await?;
    let fits = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await?;
    assert_eq!(
        fits,
        serde_json::Value::Bool(true),
        "no sideways scrolling at 390 px"
    );
    shot(client, "phone.png").await?;
    Ok(())
}
