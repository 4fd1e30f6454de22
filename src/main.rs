fn main() -> std::process::ExitCode {
    rectdoc::cli::main()
}
