//! The build without the grammar engine (the model worker's: it never masks a token). Every
//! request with a format is refused when it is compiled; a [`FormatState`] cannot exist.

use std::convert::Infallible;
use std::sync::Arc;

use super::{Problem, Structured};
use crate::sampling::grammar::TokenMask;
use crate::tokenizer::Tokenizer;

const NO_ENGINE: &str = "this build has no grammar engine (cargo feature `grammar`)";

pub struct Compiler;

impl Compiler {
    pub fn new(_tokenizer: Arc<Tokenizer>) -> Result<Compiler, Problem> {
        Err(Problem::Compile(NO_ENGINE.into()))
    }

    pub fn cached(tokenizer: &Arc<Tokenizer>) -> Result<Arc<Compiler>, Problem> {
        Compiler::new(tokenizer.clone()).map(Arc::new)
    }

    pub fn compile(&self, structured: &Structured) -> Result<Option<FormatState>, Problem> {
        match structured.lark() {
            None => Ok(None),
            Some(_) => Err(Problem::Compile(NO_ENGINE.into())),
        }
    }
}

#[derive(Clone, Debug)]
pub struct FormatState(Infallible);

impl FormatState {
    pub fn mask(&mut self, _vocab: usize) -> Result<TokenMask, String> {
        match self.0 {}
    }

    pub fn consume(&mut self, _token: u32) -> Result<(), String> {
        match self.0 {}
    }

    pub fn replay(&mut self, _tokens: &[u32]) -> Result<(), String> {
        match self.0 {}
    }

    pub fn is_accepting(&mut self) -> bool {
        match self.0 {}
    }
}
