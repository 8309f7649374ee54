//! scratch
use promo::catalog::Catalog;
use promo::core::answers::*;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mode = std::env::args().nth(2).unwrap();
    let mut texts = Vec::new();
    for (i, e) in std::fs::read_dir(&dir).unwrap().enumerate() {
        if i >= 2000 {
            break;
        }
        texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let rubric = Catalog::built_in().unwrap().remove(0).rubric;
    let mut k = 0;
    for _ in 0..10 {
        for s in &texts {
            match mode.as_str() {
                "none" => k += s.len(),
                "parse" => k += parse_answers(s, Syntax::Toml, "x").unwrap().answers.0.len(),
                "toml" => k += toml::from_str::<AnswersFile>(s).unwrap().answers.0.len(),
                "check" => {
                    let f = parse_answers(s, Syntax::Toml, "x").unwrap();
                    k += check_answers(f, &rubric, "x", s).unwrap().0.responses.len();
                }
                "score" => {
                    let f = parse_answers(s, Syntax::Toml, "x").unwrap();
                    let a = check_answers(f, &rubric, "x", s).unwrap().0;
                    k += promo::core::scoring::score(&rubric, &a).order.len();
                }
                _ => panic!(),
            }
        }
    }
    println!("{k}");
}
