//! The sampling parameters, named as in the request bodies (`top_p`, not `nucleus`), with the
//! ranges they are validated against.

use std::fmt;

/// All parameters any stage reads. `Default` is every stage at its neutral value except
/// temperature 1 and sampling on: the plain softmax draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SamplingParams {
    /// `l / T`; 0 means greedy. Range 0..=2 (the OpenAI API's).
    pub temperature: f32,
    /// Keep the k most probable tokens; 0 = off.
    pub top_k: usize,
    /// Keep the smallest most-probable set with mass ≥ p; 1 = off. Range 0..=1.
    pub top_p: f32,
    /// Keep tokens with p ≥ min_p · p_max; 0 = off. Range 0..=1.
    pub min_p: f32,
    /// Keep the most typical tokens up to mass p; 1 = off. Range 0..=1.
    pub typical_p: f32,
    /// CTRL penalty θ on tokens already in the context; 1 = off. Range 0.01..=10.
    pub repetition_penalty: f32,
    /// Subtracted once per earlier occurrence in the completion. Range -2..=2.
    pub frequency_penalty: f32,
    /// Subtracted once if the token occurs in the completion. Range -2..=2.
    pub presence_penalty: f32,
    /// (token id, bias) pairs, bias in -100..=100, added to the logit.
    pub logit_bias: Vec<(u32, f32)>,
    /// false: always the argmax (greedy), whatever else is set.
    pub do_sample: bool,
}

impl Default for SamplingParams {
    fn default() -> Self {
        SamplingParams {
            temperature: 1.0,
            top_k: 0,
            top_p: 1.0,
            min_p: 0.0,
            typical_p: 1.0,
            repetition_penalty: 1.0,
            frequency_penalty: 0.0,
            presence_penalty: 0.0,
            logit_bias: Vec::new(),
            do_sample: true,
        }
    }
}

/// A parameter outside its allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError {
    pub param: &'static str,
    pub value: String,
    pub allowed: &'static str,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {} is outside the allowed range {}", self.param, self.value, self.allowed)
    }
}

impl std::error::Error for ParamError {}

/// Inclusive ranges, shared by validation, clamping and the page's sliders.
pub mod range {
    pub const TEMPERATURE: (f32, f32) = (0.0, 2.0);
    pub const TOP_K: (usize, usize) = (0, 100);
    pub const TOP_P: (f32, f32) = (0.0, 1.0);
    pub const MIN_P: (f32, f32) = (0.0, 1.0);
    pub const TYPICAL_P: (f32, f32) = (0.0, 1.0);
    pub const REPETITION_PENALTY: (f32, f32) = (0.01, 10.0);
    pub const FREQUENCY_PENALTY: (f32, f32) = (-2.0, 2.0);
    pub const PRESENCE_PENALTY: (f32, f32) = (-2.0, 2.0);
    pub const LOGIT_BIAS: (f32, f32) = (-100.0, 100.0);
}

fn check_f32(param: &'static str, v: f32, (lo, hi): (f32, f32), allowed: &'static str) -> Result<(), ParamError> {
    if v.is_finite() && v >= lo && v <= hi { Ok(()) } else { Err(ParamError { param, value: v.to_string(), allowed }) }
}

impl SamplingParams {
    /// Checks every parameter against its documented range; the first violation is returned.
    pub fn validate(&self, vocab: usize) -> Result<(), ParamError> {
        check_f32("temperature", self.temperature, range::TEMPERATURE, "0..=2")?;
        check_f32("top_p", self.top_p, range::TOP_P, "0..=1")?;
        check_f32("min_p", self.min_p, range::MIN_P, "0..=1")?;
        check_f32("typical_p", self.typical_p, range::TYPICAL_P, "0..=1")?;
        check_f32("repetition_penalty", self.repetition_penalty, range::REPETITION_PENALTY, "0.01..=10")?;
        check_f32("frequency_penalty", self.frequency_penalty, range::FREQUENCY_PENALTY, "-2..=2")?;
        check_f32("presence_penalty", self.presence_penalty, range::PRESENCE_PENALTY, "-2..=2")?;
        for &(id, bias) in &self.logit_bias {
            if id as usize >= vocab {
                return Err(ParamError {
                    param: "logit_bias",
                    value: format!("token {id}"),
                    allowed: "token ids 0..49152",
                });
            }
            check_f32("logit_bias", bias, range::LOGIT_BIAS, "-100..=100")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_errors_name_the_parameter() {
        assert!(SamplingParams::default().validate(4).is_ok());
        let bad = SamplingParams { top_p: 1.5, ..Default::default() };
        let err = bad.validate(4).unwrap_err();
        assert_eq!(err.param, "top_p");
        assert_eq!(err.to_string(), "top_p = 1.5 is outside the allowed range 0..=1");
        let nan = SamplingParams { temperature: f32::NAN, ..Default::default() };
        assert_eq!(nan.validate(4).unwrap_err().param, "temperature");
        let bias = SamplingParams { logit_bias: vec![(9, 1.0)], ..Default::default() };
        assert_eq!(bias.validate(4).unwrap_err().param, "logit_bias");
    }
}
