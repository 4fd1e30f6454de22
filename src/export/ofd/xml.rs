//! Writing the package's XML: escaping, and lengths in millimetres as OFD measures them.

/// The namespace of every OFD part (GB/T 33190-2016, the `ofd:` prefix).
pub const NS: &str = "http://www.ofdspec.org/2016";

/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Millimetres in a point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A length in thousandths of a millimetre: what the writer rounds every length to (far
/// below what a reader or printer resolves), so that numbers print exactly and rounding
/// errors can be kept from adding up along a line.
pub fn um(pt: f64) -> i64 {
    (pt * MM_PER_PT * 1000.0).round() as i64
}

/// Appends `v` thousandths of a millimetre as millimetres, without trailing zeros. Written
/// digit by digit: a page has a few thousand of these numbers.
pub fn push_mm(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let a = v.unsigned_abs();
    let mut whole = [0u8; 20];
    let mut at = whole.len();
    let mut n = a / 1000;
    loop {
        at -= 1;
        whole[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    whole[at..].iter().for_each(|d| out.push(char::from(*d)));
    let frac = a % 1000;
    if frac != 0 {
        out.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let n = if frac.is_multiple_of(100) {
            1
        } else if frac.is_multiple_of(10) {
            2
        } else {
            3
        };
        for d in &digits[..n] {
            out.push(char::from(b'0' + *d as u8));
        }
    }
}

/// `v` (thousandths of a millimetre) as millimetres.
pub fn mm(v: i64) -> String {
    let mut s = String::new();
    push_mm(&mut s, v);
    s
}

/// Appends `s` escaped for element text or a double-quoted attribute value (characters
/// XML cannot hold dropped).
pub fn push_esc(out: &mut String, s: &str) {
    crate::export::escape::escape_into(out, s);
}

pub use crate::export::escape::escape as esc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_print_exactly_without_trailing_zeros() {
        assert_eq!(mm(0), "0");
        assert_eq!(mm(210_000), "210");
        assert_eq!(mm(5_570), "5.57");
        assert_eq!(mm(-1_205), "-1.205");
        assert_eq!(mm(-5), "-0.005");
        assert_eq!(mm(1_050), "1.05");
        assert_eq!(mm(1_500), "1.5");
        assert_eq!(mm(12_001), "12.001");
        // A4: 595.2756 pt is 210 mm
        assert_eq!(um(595.2756), 210_000);
        assert_eq!(um(16.0), 5_644);
    }

    #[test]
    fn text_is_escaped_for_elements_and_attributes() {
        assert_eq!(esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
        assert_eq!(esc("x\u{1}y"), "xy");
        assert_eq!(esc("整改"), "整改");
    }
}
