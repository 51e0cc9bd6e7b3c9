"""The recap website: the public record of the day."""
