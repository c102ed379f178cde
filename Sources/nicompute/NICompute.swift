import ArgumentParser

@main
struct NICompute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nicompute", abstract: "placeholder")
}
