//! The month histogram as an SVG chart. Each bar is a link that sets `since` and `until`
//! to its month (so a click works without JavaScript); `app.js` adds dragging across bars
//! to choose a span, reading each bar's `data-since` and `data-until`. An archive that
//! spans more than forty years is counted by year instead, so the chart stays a few
//! hundred bars whatever the dates.

use maud::{html, Markup};
use newsdex::{Date, MonthCount, Period, YearMonth};

/// Bars at most, by month; beyond, bars are years.
const MAX_MONTH_BARS: i64 = 480;
/// SVG units per bar, and the chart's height.
const BAR: i64 = 10;
const HEIGHT: i64 = 100;

/// One bar: a month or a year.
struct Bar {
    label: String,
    since: String,
    until: String,
    /// Its days, when they can be told.
    days: Option<Period>,
    count: u64,
}

/// The chart of `months`; bars within `selected` (the first and last day asked for) are
/// marked, and `href(since, until)` is where a bar leads.
pub(crate) fn chart(
    months: &[MonthCount],
    selected: (Option<Date>, Option<Date>),
    href: &dyn Fn(&str, &str) -> String,
) -> Markup {
    let bars = bars(months);
    if bars.is_empty() {
        return html! {};
    }
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let chosen = |b: &Bar| {
        let Some(days) = b.days else { return false };
        let after = selected.0.is_none_or(|s| days.last() >= s);
        let before = selected.1.is_none_or(|u| days.first() <= u);
        (selected.0.is_some() || selected.1.is_some()) && after && before
    };
    let width = bars.len() as i64 * BAR;
    // The busiest bar, when one stands out.
    let peak = match bars.iter().filter(|b| b.count == max).count() {
        1 if bars.len() > 2 => bars
            .iter()
            .find(|b| b.count == max)
            .map(|b| b.label.as_str()),
        _ => None,
    };
    html! {
        figure.chart #chart {
            svg.bars viewBox={"0 0 " (width) " " (HEIGHT)} preserveAspectRatio="none"
                role="img" aria-label="Matching articles per month; choose a bar or drag across bars to set the dates" {
                @for (i, bar) in bars.iter().enumerate() {
                    @let h = ((bar.count as f64 / max as f64) * (HEIGHT - 4) as f64).round() as i64;
                    @let h = if bar.count > 0 { h.max(2) } else { 0 };
                    a href=(href(&bar.since, &bar.until)) {
                        g.bar.sel[chosen(bar)] data-since=(bar.since) data-until=(bar.until) {
                            title { (bar.label) ": " (bar.count) }
                            rect.hit x=(i as i64 * BAR) y="0" width=(BAR) height=(HEIGHT) {}
                            rect.fill x=(i as i64 * BAR + 1) y=(HEIGHT - h) width=(BAR - 2) height=(h) {}
                        }
                    }
                }
            }
            figcaption.axis {
                span { (bars[0].label) }
                @if let Some(peak) = peak {
                    span.peak { "most: " (peak) " (" (super::count(max)) ")" }
                } @else {
                    span.peak {}
                }
                span { (bars[bars.len() - 1].label) }
            }
        }
    }
}

/// Every month from the first to the last with a count, empty ones included; or every
/// year, when that would be too many months.
fn bars(months: &[MonthCount]) -> Vec<Bar> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let index = |m: &YearMonth| i64::from(m.year()) * 12 + i64::from(m.month()) - 1;
    let span = index(&last.month) - index(&first.month) + 1;
    if span <= MAX_MONTH_BARS {
        let mut counts = vec![0u64; span as usize];
        for m in months {
            if let Some(slot) = counts.get_mut((index(&m.month) - index(&first.month)) as usize) {
                *slot += m.count;
            }
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(i, count)| {
                let at = index(&first.month) + i as i64;
                let label = format!("{:04}-{:02}", at / 12, at % 12 + 1);
                Bar {
                    since: label.clone(),
                    until: label.clone(),
                    days: label.parse().ok(),
                    label,
                    count,
                }
            })
            .collect()
    } else {
        let (y0, y1) = (first.month.year(), last.month.year());
        let mut counts = vec![0u64; (y1 - y0 + 1) as usize];
        for m in months {
            counts[(m.month.year() - y0) as usize] += m.count;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(i, count)| {
                let label = format!("{:04}", y0 + i as i32);
                Bar {
                    since: label.clone(),
                    until: label.clone(),
                    days: label.parse().ok(),
                    label,
                    count,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str, count: u64) -> MonthCount {
        serde_json::from_value(serde_json::json!({"month": s, "count": count})).unwrap()
    }

    #[test]
    fn gaps_are_empty_months() {
        let bars = bars(&[month("1987-11", 3), month("1988-02", 1)]);
        let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["1987-11", "1987-12", "1988-01", "1988-02"]);
        assert_eq!(bars.iter().map(|b| b.count).sum::<u64>(), 4);
    }

    #[test]
    fn centuries_are_counted_by_year() {
        let bars = bars(&[
            month("0001-01", 1),
            month("1987-05", 2),
            month("1987-06", 2),
        ]);
        assert_eq!(bars.len(), 1987);
        assert_eq!((bars[1986].label.as_str(), bars[1986].count), ("1987", 4));
    }

    #[test]
    fn the_selection_is_marked_and_bars_link() {
        let months = [
            month("2025-01", 1),
            month("2025-02", 5),
            month("2025-03", 2),
        ];
        let since: Period = "2025-02-10".parse().unwrap();
        let html = chart(&months, (Some(since.first()), None), &|s, u| {
            format!("?s={s}&u={u}")
        })
        .into_string();
        assert_eq!(html.matches("class=\"bar sel\"").count(), 2, "{html}");
        assert!(html.contains("href=\"?s=2025-01&amp;u=2025-01\""), "{html}");
    }
}
