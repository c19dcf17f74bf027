//! The arithmetic of a record's notes: curators write their working as a
//! product, `6 * 550e6 * 1.5e6 * 8192 * 512 = 2.076e22`, often among words
//! (`6 FLOP / token / parameter * 3 * 10^9 active parameters * ...`). A
//! product whose result is not what its numbers multiply to is a slip in
//! the note, or in the field copied from it.

/// One product written in a note: what its numbers multiply to, and the
/// result the note gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// The product as written, up to its `=`.
    pub text: String,
    pub computed: f64,
    pub written: f64,
}

/// The products of `notes` (`a * b * c = d`, with `x`, `×` or `·`, `/` by
/// a number, `10^N` and `N%`; words between numbers are units and are
/// skipped). A working with a sum, a root, parentheses or fewer than two
/// numbers is not read.
pub fn products(notes: &str) -> Vec<Product> {
    let mut found = Vec::new();
    for line in joined_workings(notes).lines() {
        let line = without_remarks(line);
        let mut rest = line.as_str();
        while let Some(at) = rest.find('=') {
            let (before, after) = rest.split_at(at);
            let after = after.get(1..).unwrap_or_default();
            // The working starts after the last sentence or clause break.
            // (Not at commas: `135,168` is one number.)
            let start = before.rfind([':', ';', '(', ')', '[', ']', '=', '"']).map_or(0, |i| i + 1);
            // And after the last sentence that ends before it.
            let start = before.get(start..).and_then(|b| b.rfind(". ")).map_or(start, |i| start + i + 2);
            let working = before.get(start..).unwrap_or_default();
            if let (Some(computed), Some(written)) = (multiply(working), leading_number(after)) {
                found.push(Product { text: working.trim().to_string(), computed, written });
            }
            rest = after;
        }
    }
    found
}

/// Every number written in `notes`, with its magnitude (`989.5 TFLOP/s`,
/// `1.979e15`, `312 * 10^12`, `1979 teraFLOPS`).
pub fn numbers(notes: &str) -> Vec<f64> {
    let mut found = Vec::new();
    for line in notes.lines() {
        let tokens = tokenize(line);
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            if let Token::Number(n) = token {
                let mut value = *n;
                match (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
                    (Some(Token::Scale(m)), ..) => value *= m,
                    (Some(Token::Times), Some(Token::Number(ten)), Some(Token::Power(p))) if *ten == 10.0 => {
                        value *= 10f64.powi(*p);
                        i += 3;
                    }
                    _ => {}
                }
                found.push(value);
            }
            i += 1;
        }
    }
    found
}

/// The notes with a line break inside a working (after or before an
/// operator) made a space: `... x 8 x\n600 x 0.4 = ...` is one working.
fn joined_workings(notes: &str) -> String {
    let operators = ['*', '×', '·', '/', '+', 'x'];
    let mut out = String::with_capacity(notes.len());
    let lines: Vec<&str> = notes.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let Some(next) = lines.get(i + 1) else { break };
        let ends = line.trim_end().ends_with(operators);
        let starts = next.trim_start().starts_with(operators);
        out.push(if ends || starts { ' ' } else { '\n' });
    }
    out
}

/// The line with remarks in brackets that hold no digit (`(utilization
/// assumption)`, `[see notes]`) taken out: they are words, not working.
fn without_remarks(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find(['(', '[']) {
        let close_char = if rest.get(open..).is_some_and(|r| r.starts_with('(')) { ')' } else { ']' };
        let Some(length) = rest.get(open..).and_then(|r| r.find(close_char)) else { break };
        let inside = rest.get(open + 1..open + length).unwrap_or_default();
        out.push_str(rest.get(..open).unwrap_or_default());
        if inside.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(rest.get(open..=open + length).unwrap_or_default());
        } else {
            out.push(' ');
        }
        rest = rest.get(open + length + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// A number at the start of `text` (after spaces and a `~`), with its
/// `e` exponent or `x 10^N`.
fn leading_number(text: &str) -> Option<f64> {
    let text = text.trim_start().trim_start_matches(['~', '≈']).trim_start();
    let tokens = tokenize(text);
    match tokens.as_slice() {
        [Token::Number(n), Token::Times, Token::Number(ten), Token::Power(p), ..] if *ten == 10.0 => {
            Some(n * 10f64.powi(*p))
        }
        // `1.74 × 1023`: a power whose caret was lost; not read.
        [Token::Number(_), Token::Times, ..] => None,
        [Token::Number(n), ..] => Some(*n),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Number(f64),
    /// `^N` after a number.
    Power(i32),
    Times,
    Divide,
    Percent,
    /// A magnitude in words after a number: `125 teraflops`.
    Scale(f64),
    Word,
    /// `+`, `-` between numbers, `sqrt`, parentheses: a working not read.
    Other,
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            // Digits, a decimal point, and commas between groups of three
            // (`135,168`); `6,7` (a decimal comma) ends at the comma.
            loop {
                match chars.get(i) {
                    Some(c) if c.is_ascii_digit() || *c == '.' => i += 1,
                    Some(',')
                        if chars.get(i + 1..i + 4).is_some_and(|g| g.iter().all(char::is_ascii_digit))
                            && !chars.get(i + 4).is_some_and(char::is_ascii_digit) =>
                    {
                        i += 1
                    }
                    _ => break,
                }
            }
            // An exponent: e23, e+23, E-5.
            if chars.get(i).is_some_and(|c| *c == 'e' || *c == 'E') {
                let mut j = i + 1;
                if chars.get(j).is_some_and(|c| *c == '+' || *c == '-') {
                    j += 1;
                }
                if chars.get(j).is_some_and(char::is_ascii_digit) {
                    i = j;
                    while chars.get(i).is_some_and(char::is_ascii_digit) {
                        i += 1;
                    }
                }
            }
            let text: String = chars.get(start..i).unwrap_or_default().iter().filter(|c| **c != ',').collect();
            // `37B`, `14.8T`, `125k`: a magnitude written onto the number
            // (only when the letter ends the word: `6ND` is no number).
            let suffix = chars.get(i).copied().filter(|_| !chars.get(i + 1).is_some_and(|c| c.is_alphanumeric()));
            let magnitude = match suffix {
                Some('k' | 'K') => Some(1e3),
                Some('M') => Some(1e6),
                Some('B' | 'b' | 'G') => Some(1e9),
                Some('T') => Some(1e12),
                _ => None,
            };
            if magnitude.is_some() {
                i += 1;
            } else if chars.get(i).is_some_and(|c| c.is_alphabetic()) {
                // `6ND`, `3x`: a number glued to a word is not read.
                tokens.push(Token::Other);
                continue;
            }
            match text.trim_end_matches('.').parse::<f64>() {
                Ok(n) => tokens.push(Token::Number(n * magnitude.unwrap_or(1.0))),
                Err(_) => tokens.push(Token::Other),
            }
            continue;
        }
        match c {
            '^' => {
                let mut j = i + 1;
                let negative = chars.get(j) == Some(&'-');
                if negative || chars.get(j) == Some(&'+') {
                    j += 1;
                }
                let start = j;
                while chars.get(j).is_some_and(char::is_ascii_digit) {
                    j += 1;
                }
                let digits: String = chars.get(start..j).unwrap_or_default().iter().collect();
                match digits.parse::<i32>() {
                    Ok(p) => tokens.push(Token::Power(if negative { -p } else { p })),
                    Err(_) => tokens.push(Token::Other),
                }
                i = j;
                continue;
            }
            // `**` is a power in code: not read.
            '*' if chars.get(i + 1) == Some(&'*') => tokens.push(Token::Other),
            '*' | '×' | '·' => tokens.push(Token::Times),
            // `//` is integer division: a working in code, not read.
            '/' if chars.get(i + 1) == Some(&'/') => tokens.push(Token::Other),
            '/' => tokens.push(Token::Divide),
            '%' => tokens.push(Token::Percent),
            '+' | '(' | ')' | '√' => tokens.push(Token::Other),
            // A hyphen inside a word (`chip-hours`) is part of it.
            '-' if !chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) => tokens.push(Token::Other),
            c if c.is_alphabetic() => {
                let start = i;
                while chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '-' || *c == '_') {
                    i += 1;
                }
                let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
                let lower = word.to_lowercase();
                // A magnitude in words multiplies the number before it.
                // (Not `petaflop-days`: a unit the writer converts.)
                let magnitude = match lower.as_str() {
                    "thousand" => Some(1e3),
                    "million" | "mflop" | "mflops" => Some(1e6),
                    "billion" | "gflop" | "gflops" | "gigaflop" | "gigaflops" => Some(1e9),
                    "trillion" | "tflop" | "tflops" | "teraflop" | "teraflops" => Some(1e12),
                    "pflop" | "pflops" | "petaflop" | "petaflops" => Some(1e15),
                    _ => None,
                };
                tokens.push(match (lower.as_str(), magnitude, tokens.last()) {
                    (_, Some(m), Some(Token::Number(_))) => Token::Scale(m),
                    ("x", ..) => Token::Times,
                    ("sqrt" | "log" | "exp", ..) => Token::Other,
                    _ => Token::Word,
                });
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    tokens
}

/// What a working multiplies to, when it is a product of at least two
/// numbers.
fn multiply(working: &str) -> Option<f64> {
    let tokens = tokenize(working);
    // A working that starts with an operator goes on from an earlier line.
    if matches!(tokens.iter().find(|t| **t != Token::Word), Some(Token::Times | Token::Divide)) {
        return None;
    }
    let mut value = 1.0;
    let mut numbers = 0;
    // What the next number does: multiply, divide, or (no operator since
    // the last number, or since a `/` a unit took) nothing: not a product.
    let mut next: Option<bool> = Some(false);
    let mut last_number: Option<f64> = None;
    for token in tokens {
        match token {
            Token::Number(n) => {
                let dividing = next?;
                value = if dividing { value / n } else { value * n };
                numbers += 1;
                next = None;
                last_number = Some(n);
            }
            Token::Power(p) => {
                // `10^9`: the 10 was multiplied in; make it 10^p.
                let ten = last_number.filter(|n| *n == 10.0)?;
                value = value / ten * 10f64.powi(p);
                last_number = None;
            }
            Token::Percent => {
                last_number?;
                value /= 100.0;
            }
            Token::Scale(m) => {
                last_number?;
                value *= m;
            }
            Token::Times => {
                next = Some(false);
                last_number = None;
            }
            Token::Divide => {
                next = Some(true);
                last_number = None;
            }
            // Words before the first number are a label (`6ND = ...`).
            // Among the numbers, units make a working whose conversions
            // (hours, FLOP/GPU-sec) the product cannot follow: not read.
            Token::Word if numbers == 0 => {}
            Token::Word => return None,
            Token::Other => return None,
        }
    }
    (numbers >= 2 && value.is_finite() && value > 0.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(notes: &str) -> (f64, f64) {
        let found = products(notes);
        let [product] = found.as_slice() else { panic!("{notes}: {found:?}") };
        (product.computed, product.written)
    }

    fn close(a: f64, b: f64) -> bool {
        (a / b - 1.0).abs() < 1e-3
    }

    #[test]
    fn products_among_words_are_read() {
        let (computed, written) = one("6 * 550e6 * 1.5e6 * 8192 * 512 = 2.076e22");
        assert!(close(computed, 2.0761e22) && close(written, 2.076e22), "{computed}");
        let (computed, written) = one("6 * 32 * 10^9 * 15.5 * 10^12 = 2.976e+24 FLOP");
        assert!(close(computed, 2.976e24) && close(written, 2.976e24), "{computed}");
        let (computed, _) = one("125e12 * 8 * 67 * 3600 * 0.3 (utilization assumption) = 7.2e19 FLOP");
        assert!(close(computed, 7.236e19), "{computed}");
        assert!(products("125e12 FLOP/sec * 8 * 67 = 6.7e16").is_empty(), "units among the numbers");
        let (computed, written) = one("6ND = 6 * 13 * 10^9 * 402000000000 = 3.1356e+22");
        assert!(close(computed, 3.1356e22) && close(written, 3.1356e22), "{computed}");
        let (computed, _) = one("989e12 x 1000 x 40% = 3.956e17");
        assert!(close(computed, 3.956e17), "{computed}");
        let (_, written) = one("6 * 7e9 * 2e12 = 8.4 × 10^22 FLOP");
        assert!(close(written, 8.4e22), "{written}");
        let (computed, _) = one("6 × 37B × 14.8T = 3.29e24 pretraining FLOPs");
        assert!(close(computed, 3.2856e24), "{computed}");
        let (computed, _) = one("5 * 16 * 24 * 3600 * 125 teraflops * 0.4 ~= 3.5e20");
        assert!(close(computed, 3.456e20), "{computed}");
        let (computed, _) = one("6 * 175 billion * 300 billion = 3.15e23");
        assert!(close(computed, 3.15e23), "{computed}");
    }

    #[test]
    fn numbers_carry_their_magnitude() {
        let found = numbers("peak 1979 teraFLOPS, or 989.5 TFLOP/s dense; 312 * 10^12 on an A100; 1.979e15");
        for wanted in [1.979e15, 9.895e14, 3.12e14] {
            assert!(found.iter().any(|n| (n / wanted - 1.0).abs() < 1e-9), "{wanted}: {found:?}");
        }
    }

    #[test]
    fn sums_roots_and_single_numbers_are_not_read() {
        assert!(products("4.39e18 + 5.5e23 = 5.5e23").is_empty());
        assert!(products("sqrt(3.1e22 * 3.2e22) = 3.17e22").is_empty());
        assert!(products("Total = 5e23").is_empty());
        assert!(products("batch size = 512").is_empty());
        assert!(products("2 4 = 8").is_empty());
        assert!(products("* 45 hours * 3600 seconds/hour * 0.30 utilization = 9.56e19").is_empty(), "a continued line");
        assert!(products("steps * 3 // 10 = 2.1e18").is_empty());
        assert!(products("6ND = 6 * 10 = 60").len() == 1);
        assert!(products("2.1T training passes. 340 million * 6 * 2 trillion = 4.3e21").len() == 1);
        assert!(products("6 FLOP / token / parameter * 3e9 parameters * 1e12 tokens = 1.8e22").is_empty());
        assert!(products("800 petaflop-days * 1e15 * 24 * 3600 = 6.9e22").is_empty());
        assert!(products("6*6,7*10^9*1259130000000=5.0617026e+22").is_empty(), "a decimal comma");
        assert!(products("174495.6 *10^18 = 1.744956 × 1023").is_empty(), "a lost caret");
        let (computed, _) = one("312 trillion * 135,168 * 3600 = 1.518e23");
        assert!(close(computed, 1.5182e23), "{computed}");
        let (computed, _) = one("8 x 3.12e14 x\n600 × 0.4 = 5.99e17");
        assert!(close(computed, 5.9904e17), "{computed}");
        assert!(products("8,000 nonface images implies 8000 250 = 32").is_empty(), "numbers with no operator");
        assert!(products("22016 * 3600 * 312 * 10 ** 12 = 7.4e21").is_empty());
    }
}
