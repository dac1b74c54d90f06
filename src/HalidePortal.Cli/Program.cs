return HalidePortal.Cli.HalideCli.Run(args, Console.Out, Console.Error);
